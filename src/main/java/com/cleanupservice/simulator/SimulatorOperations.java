package com.cleanupservice.simulator;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Names of the operations the simulator serves. They key {@link SimulatorStats} counts and {@link FaultRule}
 * matching, and follow the method names of IBM's generated SDKs in snake_case: every kind serves
 * {@code get_<kind>}, {@code delete_<kind>} and {@code list_<collection>} (see {@link SimKind}). The constants name
 * the operations of the original kinds for callers outside this package; {@link #ALL} is the authority.
 */
public final class SimulatorOperations {
    public static final String CREATE_IAM_TOKEN = "create_iam_token";
    public static final String GET_VPC = "get_vpc";
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

    /** IAM and every operation of every registered kind. */
    public static final Set<String> ALL;

    /** The DELETE operations whose kinds honour fault type {@code delete_fails}. */
    static final Set<String> DELETE_FAILS;

    static {
        Set<String> all = new LinkedHashSet<>();
        all.add(CREATE_IAM_TOKEN);
        all.addAll(Kinds.ALL.operations());
        ALL = Set.copyOf(all);
        DELETE_FAILS = Set.copyOf(Kinds.ALL.all().stream()
                .filter(SimKind::supportsDeleteFails).map(SimKind::deleteOperation).toList());
    }

    private SimulatorOperations() {
    }
}
