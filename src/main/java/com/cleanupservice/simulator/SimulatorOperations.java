package com.cleanupservice.simulator;

import java.util.Set;

/**
 * Names of the operations the simulator serves. They key {@link SimulatorStats} counts and
 * {@link FaultRule} matching, and follow the method names of IBM's generated SDKs.
 */
public final class SimulatorOperations {
    public static final String CREATE_IAM_TOKEN = "create_iam_token";
    public static final String GET_BARE_METAL_SERVER = "get_bare_metal_server";
    public static final String DELETE_BARE_METAL_SERVER = "delete_bare_metal_server";
    public static final String LIST_BARE_METAL_SERVERS = "list_bare_metal_servers";
    public static final String GET_VIRTUAL_NETWORK_INTERFACE = "get_virtual_network_interface";
    public static final String DELETE_VIRTUAL_NETWORK_INTERFACE = "delete_virtual_network_interface";
    public static final String LIST_VIRTUAL_NETWORK_INTERFACES = "list_virtual_network_interfaces";
    public static final String GET_SUBNET_RESERVED_IP = "get_subnet_reserved_ip";
    public static final String DELETE_SUBNET_RESERVED_IP = "delete_subnet_reserved_ip";
    public static final String LIST_SUBNET_RESERVED_IPS = "list_subnet_reserved_ips";
    public static final String GET_DNS_RECORD = "get_dns_record";
    public static final String DELETE_DNS_RECORD = "delete_dns_record";
    public static final String LIST_DNS_RECORDS = "list_dns_records";

    public static final Set<String> ALL = Set.of(
            CREATE_IAM_TOKEN,
            GET_BARE_METAL_SERVER, DELETE_BARE_METAL_SERVER, LIST_BARE_METAL_SERVERS,
            GET_VIRTUAL_NETWORK_INTERFACE, DELETE_VIRTUAL_NETWORK_INTERFACE, LIST_VIRTUAL_NETWORK_INTERFACES,
            GET_SUBNET_RESERVED_IP, DELETE_SUBNET_RESERVED_IP, LIST_SUBNET_RESERVED_IPS,
            GET_DNS_RECORD, DELETE_DNS_RECORD, LIST_DNS_RECORDS);

    private SimulatorOperations() {
    }
}
