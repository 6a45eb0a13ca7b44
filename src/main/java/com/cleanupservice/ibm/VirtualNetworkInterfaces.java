package com.cleanupservice.ibm;

import com.cleanupservice.ibm.Models.Page;
import com.cleanupservice.ibm.Models.VirtualNetworkInterface;

/** VPC virtual network interface calls the product makes. */
public interface VirtualNetworkInterfaces {
    VirtualNetworkInterface getVirtualNetworkInterface(String id);

    void deleteVirtualNetworkInterface(String id);

    Page<VirtualNetworkInterface> listVirtualNetworkInterfaces(String start, int limit);
}
