/**
 * A sandbox IBM Cloud: {@link com.cleanupservice.simulator.IbmCloudSimulator} serves the IAM token, VPC v1 and
 * DNS Services v1 wire protocols on loopback for the resources the cleanup service deletes, with IBM's deletion
 * rules, fault injection ({@link com.cleanupservice.simulator.FaultInjector}), a rate limit per API
 * ({@link com.cleanupservice.simulator.RateLimit}) and request counts
 * ({@link com.cleanupservice.simulator.SimulatorStats}).
 *
 * <p>It runs inside the service in sandbox mode ({@code CleanupConfiguration}), inside tests
 * ({@link com.cleanupservice.simulator.IbmCloudSimulator#start}) or as a process of its own:
 * {@code java -cp target/cleanup-service.jar com.cleanupservice.simulator.SimulatorMain --port 8089
 * [--in-memory | --jdbc-url URL [--jdbc-user USER]] [--bare-metal-delete-ms N] [--network-delete-ms N] [--api-key KEY]
 * [--account NAME=ID:APIKEY ...] [--regions us-south,eu-de] [--provider-reserved-ips] [--vpc-per-second R]
 * [--dns-per-second R] [--burst B] [--rate-limit-account NAME]} (see
 * {@link com.cleanupservice.simulator.SimulatorMain}), which prints where it listens and stops on SIGTERM.
 *
 * <h2>Accounts and regions</h2>
 * The simulator knows accounts ({@link com.cleanupservice.simulator.SimulatorAccount}: a name, an IBM account id, API
 * keys; by default {@code sandbox}, the default account taking any key no other account has, and {@code sandbox-2}
 * with key {@code sandbox-2-api-key}) and VPC regions (by default {@code us-south}, the default, and {@code eu-de}).
 * IAM mints a token for the account of the API key (unknown key: 400 {@code BXNIM0415E}); the access token is a JWT
 * like IBM's, whose payload names the account ({@code "account": {"bss": id}}, with {@code iam_id}, {@code sub},
 * {@code iat}, {@code exp}; its signature is random bytes). Every VPC and DNS request is its token's account's.
 * VPC is regional: {@code /regions/{region}/v1/...} for each region, and {@code /v1/...} for the default one (the
 * same as {@code /regions/us-south/v1/...}); an unknown region is 404 ({@code not_found}). DNS Services is global
 * ({@code /v1/instances/...}). Every resource lives in one account and (but DNS records) one region
 * ({@link com.cleanupservice.simulator.Place}, kept by the {@code Store} beside the kind's record, so kinds know
 * nothing of it): elsewhere GET and DELETE answer 404, lists leave it out, and resources refer only to resources of
 * their own place; ids stay unique across places. The VPC, its default security group and resource group are built
 * in, seen everywhere. Rate limit buckets are per account, and the stats count requests per region and account too.
 *
 * <p>Admin HTTP surface (no authentication, JSON):
 * <ul>
 *   <li>{@code GET|DELETE /sim/stats}: read or reset the request counts: {@code total}, {@code operations}
 *       ({@code {op: n}}), {@code resources} ({@code {op: {id: n}}}), {@code rate_limited}
 *       ({@code {total, operations: {op: n}}}: the requests the rate limit answered 429, also counted in the
 *       others) and {@code accepted} ({@code {total, operations: {op: n}, resources: {op: {id: n}}}}: the requests of
 *       the kinds' operations the simulator carried out — answered 2xx, or that would have been had the client still
 *       been there —, also counted in the others; a resource with {@code accepted.resources.delete_<kind>} above 1 was
 *       deleted twice) and {@code by_region_account} ({@code {"eu-de/sandbox-2": {op: n}, "global/sandbox": {op:
 *       n}}}: the requests by the endpoint's region, {@code global} for DNS and IAM, and the token's account, that of
 *       the API key for IAM; requests without a valid token are left out there)</li>
 *   <li>{@code GET /sim/faults}, {@code PUT /sim/faults} (array, replaces), {@code POST /sim/faults} (one rule,
 *       appends), {@code DELETE /sim/faults}; rule fields: {@code operation, resource_id, type (latency | status |
 *       hang | reset | delete_fails), status, retry_after, latency_ms, jitter_ms, probability, remaining, account}
 *       ({@code account}: only that account's requests; absent: every account's)</li>
 *   <li>{@code GET /sim/resources[?region=&account=]}: every resource anyone created (of that region and account
 *       where given), by kind collection name (built-in ones, which exist from the start, and subnets made implicitly
 *       by a reservation in an unknown subnet id are left out);
 *       {@code POST /sim/resources} with {@code kind} (a kind's wire name, e.g.
 *       {@code subnet_reserved_ip | virtual_network_interface | bare_metal_server | dns_record | floating_ip |
 *       security_group | subnet | public_gateway | key | load_balancer | endpoint_gateway}), the kind's admin
 *       fields (its {@code Create} record's components, {@code SimKind.adminFields}) and optionally {@code account}
 *       and {@code region}, where it lives (absent: the defaults; unknown: 400)</li>
 *   <li>{@code PATCH /sim/bare_metal_servers/{id}} with {@code {"status": "failed"}} (kinds that declare
 *       {@code SimKind.patchFields} get {@code PATCH /sim/{collection}/{id}}), and
 *       {@code PATCH /sim/load_balancers/{id}} with {@code {"bounce_once": true}}</li>
 *   <li>{@code GET|PUT /sim/config} with {@code {"bare_metal_delete_delay_ms": 1000, "network_delete_delay_ms": 1000,
 *       "provider_reserved_ips": true}} (the second: how long a deleted subnet or endpoint gateway stays
 *       {@code deleting} and a load balancer {@code delete_pending})
 *       (the latter makes every subnet list the addresses IBM keeps, {@code owner: provider}, which cannot be
 *       deleted; off by default so that a subnet lists exactly what was reserved in it), and
 *       {@code "rate_limit": {"vpc_per_second": 5, "dns_per_second": 20, "burst": 5}}: a token bucket per API
 *       refilled continuously at its rate, holding at most {@code burst} tokens ({@code burst} defaults to each API's
 *       own rate, at least 1), for every account on its own, or for the one account {@code "account"} names; a request
 *       finding its account's and API's bucket empty is counted, then answered 429 at once with
 *       {@code Retry-After} (whole seconds until the next token, at least 1) and the body and headers of an injected
 *       429, before fault rules, the token check and the work. A per-second value left out or {@code null} leaves that
 *       API unlimited; IAM is never limited; positive numbers only ({@code burst} a whole number), else 400.
 *       {@code "rate_limit": null} (the default) turns it off; sent, it replaces the whole limit, with full buckets;
 *       not sent, the limit stays. Java: {@code IbmCloudSimulator#setRateLimit}, {@code SimulatorOptions#rateLimit}
 *       </li>
 *   <li>{@code POST /sim/reset}: remove all resources, stats and fault rules (built-in resources are recreated), and
 *       put the rate limit back to the one the simulator started with (off unless {@code SimulatorOptions} or the
 *       command line set one); the other {@code /sim/config} settings stay as they are</li>
 * </ul>
 *
 * <h2>Shape</h2>
 * A kind of resource is one class, a {@code SimKind<R>} with its records nested in it: {@code R}, the resource
 * (also its persisted document, written and read by Jackson); {@code Create}, its admin fields
 * ({@code Fields.as}); {@code Json}, its IBM JSON, written by Jackson in snake_case. Its
 * names are declared in one {@code SimKind.Declaration} passed to {@code SimKind}'s constructor (wire and collection
 * names, the API (VPC or DNS) and collection path it serves, from which the routes and the operation names
 * ({@code get_<kind>}, {@code delete_<kind>}, {@code list_<collection>}) follow, and the title its 404 answers name a
 * resource by). It overrides only where it has something to say: its list filters (every one IBM documents for
 * the collection: on the record, {@code filters}, or on its JSON, {@code jsonFilters}); the collections IBM serves
 * under one resource ({@code nested}) and the read-only resources its JSON refers to ({@code catalog}), so that every
 * href it hands out answers; its deletion rules
 * ({@code refusal}: what IBM refuses with 409; {@code accept}: what an accepted DELETE does and answers, by default
 * gone at once, 204); how it changes over time ({@code dueAt}, {@code settle}); its indexes ({@code indexes}: the
 * resources referring to another, found without a scan); how it reacts when another resource goes
 * ({@code onRemoved}: go with it, or let go of it); what it adds to another kind's JSON ({@code decorate}, a record
 * of fields); how it stands in the way of another's deletion ({@code objection}: a load balancer in a subnet);
 * operations on one resource besides get and delete ({@code actions}: a subnet's {@code /public_gateway}); its
 * built-in resources ({@code seed}).
 * {@code Kinds.ALL} is the registry. The generic parts iterate it and never look at a particular kind:
 * {@code CloudApi} (IBM routes, token and version checks, paging), {@code AdminApi}, {@code CloudModel} (one
 * {@code CloudTx} per operation over the {@code Store}, whose transactions lock the kinds they touch, not the whole
 * store, and write through to {@code JdbcStatePersistence} (schema {@code ibmsim}, one table of JSON documents) before
 * changing memory), and
 * {@code SimulatorOperations}, stats and faults, which take the operation names from the registry. No JSON is built as
 * a map: every answer is a record (or records merged: a list's items and its paging fields, a resource and what other
 * kinds add to it), and {@code WireJsonTest} pins the answers byte for byte.
 *
 * <h2>Adding a kind</h2>
 * <ol>
 *   <li>Write {@code FooKind extends SimKind<FooKind.Foo>} with its record {@code Foo implements Resource}, its admin
 *       input {@code record Create(...)} and its IBM JSON {@code record Json(...)} ({@code FloatingIpKind} and
 *       {@code SecurityGroupKind} show all of it in a few dozen lines; nothing needs copying from another kind). Its
 *       constructor is one call, {@code super(Foo.class, Create.class, Declaration.of("foo", "foos", Api.VPC,
 *       "/v1/foos", "Foo"))}, with {@code withListKey}, {@code withNotFoundCode} or {@code withDeleteFails} where IBM
 *       departs from the usual. It implements {@code create} and {@code render}, and overrides what its kind adds
 *       (filters, {@code refusal}, {@code accept}, {@code reference}, ...).</li>
 *   <li>Relations: read other kinds' records through the {@code CloudTx} by their class; find the ones referring
 *       to a resource through an index the kind declares ({@code indexes}, {@code CloudTx.indexed}), never by
 *       scanning a kind; to follow another resource's removal (unbind, or go with it) override {@code onRemoved}
 *       ({@code follow} with that index); to show a relation in another kind's JSON override {@code decorate}. The
 *       other kind stays untouched.</li>
 *   <li>Add one line to {@code Kinds.ALL}. A name two kinds would share fails when the registry loads.</li>
 *   <li>Persistence needs no migration: the kind's record goes into {@code ibmsim.resource} as its document. A later
 *       change to a record's stored shape needs a Flyway migration in {@code db/simulator} that rewrites its rows
 *       (or a {@code @JsonProperty}/{@code @JsonAlias} that keeps reading the old name).</li>
 * </ol>
 */
package com.cleanupservice.simulator;
