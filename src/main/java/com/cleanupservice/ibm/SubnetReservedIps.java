package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.ReservedIp;

/** VPC subnet reserved IP calls the product makes. */
public interface SubnetReservedIps {
    ReservedIp getSubnetReservedIp(String subnetId, String id);

    void deleteSubnetReservedIp(String subnetId, String id);

    Page<ReservedIp> listSubnetReservedIps(String subnetId, String start, int limit);
}
