package com.cleanupservice.simulator;

import com.google.gson.reflect.TypeToken;
import com.ibm.cloud.sdk.core.http.RequestBuilder;
import com.ibm.cloud.sdk.core.http.ResponseConverter;
import com.ibm.cloud.sdk.core.security.Authenticator;
import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import com.ibm.cloud.sdk.core.service.BaseService;
import com.ibm.cloud.sdk.core.service.exception.ConflictException;
import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.cloud.sdk.core.service.exception.TooManyRequestsException;
import com.ibm.cloud.sdk.core.util.ResponseConverterUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** IBM's own sdk-core (authenticator, request building, error mapping) against the simulator. */
class SdkCompatibilityTest {
    private static IbmCloudSimulator sim;
    private static VpcClient vpc;

    /** The requests a generated VPC client sends, reduced to what this test needs. */
    private static final class VpcClient extends BaseService {
        private static final ResponseConverter<Map<String, Object>> MAP =
                ResponseConverterUtils.getValue(new TypeToken<Map<String, Object>>() { }.getType());

        VpcClient(String url, Authenticator authenticator) {
            super("vpc", authenticator);
            setServiceUrl(url);
        }

        Map<String, Object> getBareMetalServer(String id) {
            RequestBuilder builder = RequestBuilder.get(RequestBuilder.resolveRequestUrl(getServiceUrl(),
                    "/bare_metal_servers/{id}", Map.of("id", id)));
            builder.query("version", "2024-04-30", "generation", "2");
            return createServiceCall(builder.build(), MAP).execute().getResult();
        }

        void deleteBareMetalServer(String id) {
            RequestBuilder builder = RequestBuilder.delete(RequestBuilder.resolveRequestUrl(getServiceUrl(),
                    "/bare_metal_servers/{id}", Map.of("id", id)));
            builder.query("version", "2024-04-30", "generation", "2");
            createServiceCall(builder.build(), ResponseConverterUtils.getVoid()).execute();
        }
    }

    @BeforeAll
    static void start() {
        sim = IbmCloudSimulator.start(SimulatorOptions.defaults().port(0).apiKey("sdk-key"));
        IamAuthenticator authenticator = new IamAuthenticator.Builder().apikey("sdk-key").url(sim.iamUrl()).build();
        vpc = new VpcClient(sim.vpcUrl(), authenticator);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void sdkClientReadsAndDeletes() {
        sim.createBareMetalServer("srv-sdk", "sdk", "running", List.of());

        assertThat(vpc.getBareMetalServer("srv-sdk")).containsEntry("name", "sdk").containsEntry("status", "running");
        vpc.deleteBareMetalServer("srv-sdk");
        assertThat(vpc.getBareMetalServer("srv-sdk")).containsEntry("status", "deleting");
        assertThat(sim.stats().count(SimulatorOperations.CREATE_IAM_TOKEN)).isEqualTo(1);
    }

    @Test
    void sdkMapsIbmErrorsToTypedExceptions() {
        sim.createBareMetalServer("srv-pending", null, "pending", List.of());

        assertThatThrownBy(() -> vpc.getBareMetalServer("missing")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> vpc.deleteBareMetalServer("srv-pending"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("pending");

        sim.faults().add(FaultRule.status(SimulatorOperations.GET_BARE_METAL_SERVER, 429).retryAfter(1).times(1));
        assertThatThrownBy(() -> vpc.getBareMetalServer("srv-pending")).isInstanceOf(TooManyRequestsException.class);
    }
}
