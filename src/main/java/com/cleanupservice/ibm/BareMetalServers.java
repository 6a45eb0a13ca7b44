package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.BareMetalServer;
import com.cleanupservice.ibm.Models.Page;

/** VPC bare metal server calls the product makes. Failures are sdk-core's typed exceptions. */
public interface BareMetalServers {
    BareMetalServer getBareMetalServer(String id);

    /** Answers 202: the server is {@code deleting} until a GET answers 404. */
    void deleteBareMetalServer(String id);

    Page<BareMetalServer> listBareMetalServers(String start, int limit);
}
