/**
 * A sandbox IBM Cloud: {@link com.cleanupservice.simulator.IbmCloudSimulator} serves the IAM token, VPC v1 and
 * DNS Services v1 wire protocols on loopback for the resources the cleanup service deletes, with IBM's deletion
 * rules, fault injection ({@link com.cleanupservice.simulator.FaultInjector}) and request counts
 * ({@link com.cleanupservice.simulator.SimulatorStats}).
 *
 * <p>Admin HTTP surface (no authentication, JSON):
 * <ul>
 *   <li>{@code GET|DELETE /sim/stats}: read or reset the request counts</li>
 *   <li>{@code GET /sim/faults}, {@code PUT /sim/faults} (array, replaces), {@code POST /sim/faults} (one rule,
 *       appends), {@code DELETE /sim/faults}; rule fields: {@code operation, resource_id, type (latency | status |
 *       hang | reset | delete_fails), status, retry_after, latency_ms, jitter_ms, probability, remaining}</li>
 *   <li>{@code GET /sim/resources}: all resources by kind; {@code POST /sim/resources} with {@code kind}
 *       ({@code subnet_reserved_ip | virtual_network_interface | bare_metal_server | dns_record}) and the fields
 *       of the matching Java create method in snake_case</li>
 *   <li>{@code PATCH /sim/bare_metal_servers/{id}} with {@code {"status": "failed"}}</li>
 *   <li>{@code GET|PUT /sim/config} with {@code {"bare_metal_delete_delay_ms": 1000}}</li>
 *   <li>{@code POST /sim/reset}: remove all resources, stats and fault rules</li>
 * </ul>
 *
 * <p>Internals: {@code CloudApi} and {@code AdminApi} route requests; {@code CloudModel} enforces IBM's rules over
 * the {@code Store}, whose transactions write through to {@code JdbcStatePersistence} (schema {@code ibmsim})
 * before changing memory; {@code ResourceJson} renders resources as IBM does.
 */
package com.cleanupservice.simulator;
