package com.cleanupservice.ibm;

/** The IBM APIs calls are made to. Concurrency is bounded per API and shared by every running cleanup. */
public enum IbmApi {
    VPC, DNS
}
