package com.cleanupservice.ibm;

import com.cleanupservice.config.Settings;
import com.cleanupservice.support.Refusal;
import com.cleanupservice.testsupport.TestSettings;
import org.apache.camel.util.IOHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link Accounts}: the accounts parsed from the settings (today's single-account ones as the default account, named
 * ones, the sandbox's two), their keys from the environment's names or a file, and the refusals of an unknown account,
 * a region its account does not allow, and a protected account or region.
 */
class AccountsTest {
    @TempDir
    Path dir;
    private final TestSettings testSettings = new TestSettings();

    @AfterEach
    void closeContext() {
        testSettings.close();
    }

    private Settings settings(Map<String, String> values) {
        return testSettings.of(values);
    }

    private Accounts ibmcloud(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("cleanup.mode", "ibmcloud");
        Settings settings = settings(all);
        return Accounts.from(settings, settings.string("cleanup.ibm.auth"), null);
    }

    @Test
    void todaysSingleAccountSettingsAreTheDefaultAccount() {
        Accounts accounts = ibmcloud(Map.of("cleanup.ibm.api-key", "the-key", "cleanup.ibm.region", "eu-de",
                "cleanup.concurrency.vpc", "3"));

        assertThat(accounts.all()).extracting(Account::name).containsExactly(Accounts.DEFAULT);
        Account only = accounts.defaultAccount();
        assertThat(only.apiKey()).isEqualTo("the-key");
        assertThat(only.auth()).isEqualTo("apikey");
        assertThat(only.id()).as("no id: not checked").isNull();
        assertThat(only.regions()).containsExactly("eu-de");
        assertThat(only.concurrency(IbmApi.VPC)).isEqualTo(3);
        assertThat(only.concurrency(IbmApi.DNS)).isEqualTo(8);
        assertThat(accounts.defaultRegion()).isEqualTo("eu-de");
        assertThat(accounts.allowed(null, null)).isSameAs(only);
    }

    @Test
    void todaysTrustedProfileSettingsAreTheDefaultAccountsToo() {
        Accounts accounts = ibmcloud(Map.of("cleanup.ibm.auth", "trusted-profile", "cleanup.ibm.trusted-profile-id", "Profile-1"));

        Account only = accounts.defaultAccount();
        assertThat(only.auth()).isEqualTo("trusted-profile");
        assertThat(only.trustedProfileId()).isEqualTo("Profile-1");
        assertThat(only.apiKey()).as("no key with a trusted profile").isNull();
    }

    @Test
    void withoutAKeyTheSingleAccountNamesWhereToPutOne() {
        assertThatThrownBy(() -> ibmcloud(Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CLEANUP_IBM_ACCOUNT_DEFAULT_API_KEY")
                .hasMessageContaining("cleanup.ibm.account.default.api-key-file")
                .hasMessageContaining("CLEANUP_IBM_API_KEY");
    }

    @Test
    void theSandboxHasTheSimulatorsTwoAccounts() {
        Settings settings = settings(Map.of());
        Accounts accounts = Accounts.from(settings, "apikey", name -> name + "-key");

        assertThat(accounts.all()).extracting(Account::name).containsExactly("sandbox", "sandbox-2");
        assertThat(accounts.defaultAccount().name()).isEqualTo("sandbox");
        assertThat(accounts.account("sandbox").id()).isEqualTo("sandbox0account0000000000000000");
        assertThat(accounts.account("sandbox-2").id()).isEqualTo("sandbox2account0000000000000000");
        assertThat(accounts.account("sandbox-2").regions()).containsExactly("us-south", "eu-de");
        assertThat(accounts.account("sandbox-2").apiKey()).isEqualTo("sandbox-2-key");
    }

    @Test
    void namedAccountsWithTheirOwnIdsKeysRegionsAndBounds() {
        Accounts accounts = ibmcloud(Map.ofEntries(
                Map.entry("cleanup.ibm.accounts", "prod, staging-eu"),
                Map.entry("cleanup.ibm.default-account", "staging-eu"),
                Map.entry("cleanup.ibm.api-key", "single-key"),
                Map.entry("cleanup.ibm.account.prod.id", "prod-id"),
                Map.entry("cleanup.ibm.account.prod.api-key", "prod-key"),
                Map.entry("cleanup.ibm.account.prod.regions", "us-south,us-east"),
                Map.entry("cleanup.ibm.account.prod.concurrency.vpc", "16"),
                Map.entry("cleanup.ibm.account.staging-eu.auth", "trusted-profile"),
                Map.entry("cleanup.ibm.account.staging-eu.trusted-profile-crn", "crn:v1:profile"),
                Map.entry("cleanup.ibm.account.staging-eu.regions", "eu-de")));

        assertThat(accounts.all()).extracting(Account::name).containsExactly("prod", "staging-eu");
        assertThat(accounts.defaultAccount().name()).isEqualTo("staging-eu");
        Account prod = accounts.account("prod");
        assertThat(prod.id()).isEqualTo("prod-id");
        assertThat(prod.apiKey()).as("its own key, not the single-account one").isEqualTo("prod-key");
        assertThat(prod.regions()).containsExactly("us-south", "us-east");
        assertThat(prod.concurrency(IbmApi.VPC)).isEqualTo(16);
        assertThat(prod.concurrency(IbmApi.DNS)).as("unset: cleanup.concurrency.dns").isEqualTo(8);
        Account staging = accounts.account("staging-eu");
        assertThat(staging.auth()).isEqualTo("trusted-profile");
        assertThat(staging.trustedProfileCrn()).isEqualTo("crn:v1:profile");
        assertThat(staging.regions()).containsExactly("eu-de");
    }

    @Test
    void anAccountOtherThanTheDefaultNeverTakesTheSingleAccountKey() {
        assertThatThrownBy(() -> ibmcloud(Map.of("cleanup.ibm.accounts", "prod,sandbox-2", "cleanup.ibm.api-key", "single-key")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("account sandbox-2 has no API key")
                .hasMessageContaining("CLEANUP_IBM_ACCOUNT_SANDBOX_2_API_KEY")
                .hasMessageNotContaining("single-key");
    }

    @Test
    void aKeyIsReadFromTheEnvironmentVariableNamedAfterItsSettingDashesAsUnderscores() {
        String key = "cleanup.ibm.account.sandbox-2.api-key";

        assertThat(Settings.envName(key)).isEqualTo("CLEANUP_IBM_ACCOUNT_SANDBOX_2_API_KEY");
        assertThat(IOHelper.normalizeEnvironmentVariable(key)).as("the variable Camel's properties component looks up")
                .isEqualTo(Settings.envName(key));
    }

    @Test
    void aKeyIsReadFromAFileAsKubernetesMountsSecrets() throws Exception {
        Path file = dir.resolve("api-key");
        Files.writeString(file, "from-the-file\n");

        Accounts accounts = ibmcloud(Map.of("cleanup.ibm.accounts", "prod", "cleanup.ibm.account.prod.api-key-file", file.toString()));

        assertThat(accounts.account("prod").apiKey()).isEqualTo("from-the-file");
    }

    @Test
    void aKeyFileThatCannotBeReadOrIsEmptyStopsTheStartWithoutItsContent() throws Exception {
        Path empty = dir.resolve("empty");
        Files.writeString(empty, " \n");

        assertThatThrownBy(() -> ibmcloud(Map.of("cleanup.ibm.accounts", "prod", "cleanup.ibm.account.prod.api-key-file", dir.resolve("missing").toString())))
                .hasMessageContaining("account prod: cannot read its API key file " + dir.resolve("missing"));
        assertThatThrownBy(() -> ibmcloud(Map.of("cleanup.ibm.accounts", "prod", "cleanup.ibm.account.prod.api-key-file", empty.toString())))
                .hasMessageContaining("is empty");
    }

    @Test
    void anUnknownAccountOrARegionItsAccountDoesNotAllowIsRefusedNeverSentToTheDefault() {
        Accounts accounts = Accounts.from(settings(Map.of()), "apikey", name -> "k");

        Throwable unknown = catchThrowable(() -> accounts.check("sandbox-3", "us-south"));
        assertThat(unknown).isInstanceOf(Refusal.class).hasMessage("unknown account 'sandbox-3': the configured accounts are [sandbox, sandbox-2]");
        assertThat(((Refusal) unknown).reason()).isEqualTo(Refusal.Reason.BAD_REQUEST);
        Throwable region = catchThrowable(() -> accounts.check("sandbox-2", "jp-tok"));
        assertThat(region).isInstanceOf(Refusal.class).hasMessageContaining("account 'sandbox-2' may not be cleaned in region 'jp-tok'")
                .hasMessageContaining("[us-south, eu-de]");
        assertThatThrownBy(() -> accounts.allowed("sandbox-3", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> accounts.allowed(null, "jp-tok")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("account 'sandbox'");

        accounts.check("sandbox-2", "eu-de");
        accounts.check("sandbox-2", null); // DNS: no region
        accounts.check(null, null);
        assertThat(accounts.allowed("sandbox-2", "eu-de").name()).isEqualTo("sandbox-2");
    }

    @Test
    void protectedAccountsAndRegionsSayWhyNothingIsDeletedThere() {
        Accounts none = Accounts.from(settings(Map.of()), "apikey", name -> "k");
        Accounts accounts = Accounts.from(settings(Map.of("cleanup.ibm.protected-accounts", "sandbox-2",
                "cleanup.ibm.protected-regions", "eu-de")), "apikey", name -> "k");

        assertThat(none.protectedReason("sandbox-2", "eu-de")).isEmpty();
        assertThat(accounts.protectedReason("sandbox-2", "us-south")).hasValueSatisfying(reason ->
                assertThat(reason).contains("account 'sandbox-2' is protected").contains("cleanup.ibm.protected-accounts"));
        assertThat(accounts.protectedReason("sandbox", "eu-de")).hasValueSatisfying(reason ->
                assertThat(reason).contains("region 'eu-de' is protected"));
        assertThat(accounts.protectedReason(null, "us-south")).isEmpty();
        assertThat(accounts.protectedReason("sandbox", null)).isEmpty();
    }

    @Test
    void settingsThatCannotBeMeantStopTheStartNamingThem() {
        Map<List<String>, String> refused = Map.of(
                List.of("cleanup.ibm.accounts", "prod,prod"), "names account 'prod' twice",
                List.of("cleanup.ibm.accounts", "Prod_1"), "account name 'Prod_1'",
                List.of("cleanup.ibm.default-account", "other"), "cleanup.ibm.default-account 'other' is not one of",
                List.of("cleanup.ibm.protected-accounts", "sandbox-3"), "cleanup.ibm.protected-accounts names 'sandbox-3'",
                List.of("cleanup.ibm.account.sandbox-2.concurrency.dns", "0"), "concurrency for DNS must be at least 1",
                List.of("cleanup.ibm.account.sandbox-2.auth", "password"), "cleanup.ibm.account.sandbox-2.auth must be 'apikey' or 'trusted-profile'");
        refused.forEach((setting, message) -> assertThatThrownBy(() -> Accounts.from(settings(Map.of(setting.get(0), setting.get(1))),
                "apikey", name -> "k")).as(setting.toString()).isInstanceOf(IllegalStateException.class).hasMessageContaining(message));
    }

    @Test
    void anAccountNeverShowsItsKey() {
        Accounts accounts = ibmcloud(Map.of("cleanup.ibm.api-key", "very-secret-key"));

        assertThat(accounts.defaultAccount().toString()).doesNotContain("very-secret-key").contains("default");
        assertThat(accounts.toString()).doesNotContain("very-secret-key");
    }
}
