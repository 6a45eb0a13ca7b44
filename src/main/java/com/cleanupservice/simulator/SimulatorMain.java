package com.cleanupservice.simulator;

import org.postgresql.ds.PGSimpleDataSource;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The simulator as a process of its own, for a product (or anything else speaking IBM's APIs) running elsewhere:
 * <pre>
 * java -cp target/cleanup-service.jar com.cleanupservice.simulator.SimulatorMain --port 8089 [--host 127.0.0.1]
 *      [--in-memory | --jdbc-url jdbc:postgresql://host/db [--jdbc-user postgres]]
 *      [--bare-metal-delete-ms 5000] [--network-delete-ms 5000] [--api-key KEY] [--account NAME=ID:APIKEY ...] [--regions us-south,eu-de]
 *      [--provider-reserved-ips] [--vpc-per-second R] [--dns-per-second R] [--burst B] [--rate-limit-account NAME]
 * </pre>
 * The accounts are {@code sandbox} (the default; any API key but the others') and {@code sandbox-2} (key
 * {@code sandbox-2-api-key}) unless {@code --account} replaces one of them (by name) or adds one; {@code --api-key}
 * is the default account's only key.
 * State lives in memory unless {@code --jdbc-url} names a PostgreSQL database (schema {@code ibmsim}, password from
 * environment variable {@code IBMSIM_JDBC_PASSWORD}, which {@code ps} does not show). Prints where it listens, and
 * stops on SIGTERM (or Ctrl-C), closing connections and leaving the database consistent.
 */
public final class SimulatorMain {
    static final String PASSWORD_VARIABLE = "IBMSIM_JDBC_PASSWORD";

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (Arrays.asList(args).contains("--help")) {
            System.out.println(usage());
            return;
        }
        IbmCloudSimulator simulator;
        try {
            simulator = start(args, System.getenv(), System.out);
        } catch (IllegalArgumentException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            System.out.println("IBM Cloud simulator stopped");
            stopped.countDown();
        }, "simulator-shutdown"));
        stopped.await();
    }

    /**
     * Starts a simulator as {@link #main} does and prints where it listens; the caller closes it.
     *
     * @throws IllegalArgumentException for unknown or malformed options
     */
    static IbmCloudSimulator start(String[] args, Map<String, String> environment, PrintStream out) {
        SimulatorOptions options = options(args, environment);
        IbmCloudSimulator simulator = IbmCloudSimulator.start(options);
        out.println("IBM Cloud simulator listening on " + simulator.baseUrl() + " (IAM " + simulator.iamUrl()
                + ", VPC " + simulator.vpcUrl() + " and /regions/{" + String.join("|", simulator.regions())
                + "}/v1, DNS " + simulator.dnsUrl() + ", admin " + simulator.baseUrl()
                + "/sim/); state " + (options.dataSource() == null ? "in memory" : "in PostgreSQL schema ibmsim"));
        return simulator;
    }

    static SimulatorOptions options(String[] args, Map<String, String> environment) {
        SimulatorOptions options = SimulatorOptions.defaults();
        String jdbcUrl = null;
        String jdbcUser = "postgres";
        boolean inMemory = false;
        Double vpcPerSecond = null;
        Double dnsPerSecond = null;
        Integer burst = null;
        String rateLimitAccount = null;
        String apiKey = null;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            switch (option) {
                case "--in-memory" -> inMemory = true;
                case "--provider-reserved-ips" -> options = options.providerReservedIps(true);
                case "--port" -> options = options.port(number(option, value(args, ++i, option)));
                case "--host" -> options = options.host(value(args, ++i, option));
                case "--jdbc-url" -> jdbcUrl = value(args, ++i, option);
                case "--jdbc-user" -> jdbcUser = value(args, ++i, option);
                case "--api-key" -> apiKey = value(args, ++i, option);
                case "--account" -> options = options.account(SimulatorAccount.parse(value(args, ++i, option)));
                case "--regions" -> options = options.regions(List.of(value(args, ++i, option).split(",", -1)));
                case "--rate-limit-account" -> rateLimitAccount = value(args, ++i, option);
                case "--bare-metal-delete-ms" ->
                        options = options.bareMetalDeleteDelay(Duration.ofMillis(number(option, value(args, ++i, option))));
                case "--network-delete-ms" ->
                        options = options.networkDeleteDelay(Duration.ofMillis(number(option, value(args, ++i, option))));
                case "--vpc-per-second" -> vpcPerSecond = rate(option, value(args, ++i, option));
                case "--dns-per-second" -> dnsPerSecond = rate(option, value(args, ++i, option));
                case "--burst" -> burst = number(option, value(args, ++i, option));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (apiKey != null) {
            options = options.apiKey(apiKey);
        }
        if (inMemory && jdbcUrl != null) {
            throw new IllegalArgumentException("--in-memory and --jdbc-url exclude each other");
        }
        if (vpcPerSecond != null || dnsPerSecond != null) {
            if (burst != null && burst < 1) {
                throw new IllegalArgumentException("--burst must be at least 1, was " + burst);
            }
            options = options.rateLimit(new RateLimit(vpcPerSecond, dnsPerSecond, burst, rateLimitAccount));
        } else if (burst != null || rateLimitAccount != null) {
            throw new IllegalArgumentException((burst != null ? "--burst" : "--rate-limit-account")
                    + " needs --vpc-per-second or --dns-per-second");
        }
        if (jdbcUrl != null) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setUrl(jdbcUrl);
            dataSource.setUser(jdbcUser);
            String password = environment.get(PASSWORD_VARIABLE);
            if (password != null) {
                dataSource.setPassword(password);
            }
            options = options.dataSource(dataSource);
        }
        return options;
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'");
        }
    }

    private static double rate(String option, String value) {
        try {
            double rate = Double.parseDouble(value);
            if (rate > 0 && Double.isFinite(rate)) {
                return rate;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(option + " must be a positive number, was '" + value + "'");
    }

    static String usage() {
        return """
                usage: java -cp cleanup-service.jar com.cleanupservice.simulator.SimulatorMain [options]
                  --port N                  port to listen on (default 8089; 0 picks a free one)
                  --host ADDRESS            address to listen on (default 127.0.0.1)
                  --in-memory               keep the state in memory only (the default)
                  --jdbc-url URL            keep the state in PostgreSQL schema ibmsim (password from $%s)
                  --jdbc-user USER          database user (default postgres)
                  --bare-metal-delete-ms N  how long a deleted bare metal server stays deleting (default 5000)
                  --network-delete-ms N     how long a deleted subnet, load balancer or endpoint gateway stays
                                            deleting / delete_pending (default 5000)
                  --api-key KEY             the default account's only API key (default: any key no other
                                            account has)
                  --account NAME=ID:APIKEY  an account: its name, IBM account id and API key; repeatable; replaces
                                            the account of that name (default: sandbox, the default account, and
                                            sandbox-2=sandbox2account0000000000000000:sandbox-2-api-key)
                  --regions R1,R2           the VPC regions served, the default (also at /v1) first
                                            (default: us-south,eu-de); each at /regions/{region}/v1
                  --provider-reserved-ips   subnets also list the addresses IBM keeps (owner: provider)
                  --vpc-per-second R        answer VPC requests beyond R per second with 429 (default: unlimited)
                  --dns-per-second R        the same for DNS Services requests (IAM is never limited)
                  --burst B                 requests an API accepts at once (default: its per-second value)
                  --rate-limit-account NAME limit only that account (default: every account, each on its own)
                  --help                    this text""".formatted(PASSWORD_VARIABLE);
    }
}
