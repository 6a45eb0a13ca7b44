package com.cleanupservice.schedule;

import org.apache.camel.CamelContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SchedulerFactory;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.jdbcjobstore.JobStoreTX;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.simpl.SimpleThreadPool;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * The Quartz scheduler behind {@code quartz:} endpoints: a clustered JDBC job store (QRTZ_ tables, migration V3) on the
 * service's own PostgreSQL pool, so the instances sharing a database share one schedule and each tick fires on one
 * of them. One worker thread: a sweep at a time is all it runs.
 */
final class ClusteredSchedulerFactory implements SchedulerFactory {
    static final String DATA_SOURCE_BEAN = "cleanupDataSource";

    private final CamelContext context;
    private final String schedulerName;
    private final Duration checkinInterval;
    private final Duration idleWait;
    private Scheduler scheduler;

    ClusteredSchedulerFactory(CamelContext context, String schedulerName, Duration checkinInterval, Duration idleWait) {
        this.context = context;
        this.schedulerName = schedulerName;
        this.checkinInterval = checkinInterval;
        this.idleWait = idleWait;
    }

    /** Quartz's settings; every instance of the cluster must use the same scheduler name and tables. */
    static Properties properties(String schedulerName, String dataSourceName, Duration checkinInterval, Duration idleWait) {
        Properties p = new Properties();
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, schedulerName);
        p.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_ID, StdSchedulerFactory.AUTO_GENERATE_INSTANCE_ID);
        p.setProperty("org.quartz.scheduler.jmx.export", "false");
        p.setProperty(StdSchedulerFactory.PROP_SCHED_IDLE_WAIT_TIME, String.valueOf(idleWait.toMillis()));
        p.setProperty(StdSchedulerFactory.PROP_SCHED_MAKE_SCHEDULER_THREAD_DAEMON, "true");
        p.setProperty(StdSchedulerFactory.PROP_THREAD_POOL_CLASS, SimpleThreadPool.class.getName());
        p.setProperty("org.quartz.threadPool.threadCount", "1");
        p.setProperty("org.quartz.threadPool.makeThreadsDaemons", "true");
        p.setProperty(StdSchedulerFactory.PROP_JOB_STORE_CLASS, JobStoreTX.class.getName());
        p.setProperty("org.quartz.jobStore.driverDelegateClass", PostgreSQLDelegate.class.getName());
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", String.valueOf(checkinInterval.toMillis()));
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        // job data as strings, not serialized Java objects (Camel only stores strings there)
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
        p.setProperty("org.quartz.jobStore.makeThreadsDaemons", "true");
        return p;
    }

    @Override
    public synchronized Scheduler getScheduler() throws SchedulerException {
        if (scheduler == null || scheduler.isShutdown()) {
            DataSource dataSource = context.getRegistry().lookupByNameAndType(DATA_SOURCE_BEAN, DataSource.class);
            if (dataSource == null) {
                throw new SchedulerException("no '" + DATA_SOURCE_BEAN + "' in the registry for the Quartz job store");
            }
            // Quartz finds data sources by name in a JVM-wide registry: a name of our own per scheduler
            String dataSourceName = "cleanup-quartz-" + UUID.randomUUID();
            DBConnectionManager.getInstance().addConnectionProvider(dataSourceName, new ServicePool(dataSource));
            Scheduler created = new StdSchedulerFactory(properties(schedulerName, dataSourceName, checkinInterval, idleWait)).getScheduler();
            // Quartz also keeps schedulers in a JVM-wide map by name, and every instance of the cluster has the same
            // name: this one belongs to this Camel context only, never handed to another context in the same JVM
            SchedulerRepository.getInstance().remove(created.getSchedulerName());
            scheduler = created;
        }
        return scheduler;
    }

    @Override
    public synchronized Scheduler getScheduler(String name) {
        return scheduler != null && schedulerName.equals(name) ? scheduler : null;
    }

    @Override
    public synchronized Collection<Scheduler> getAllSchedulers() {
        return scheduler == null ? List.of() : List.of(scheduler);
    }

    /** Connections from the service's Hikari pool; the pool belongs to the service, so Quartz only lets go of it. */
    static final class ServicePool implements ConnectionProvider {
        private volatile DataSource dataSource;

        ServicePool(DataSource dataSource) {
            this.dataSource = dataSource;
        }

        @Override
        public Connection getConnection() throws SQLException {
            DataSource current = dataSource;
            if (current == null) {
                throw new SQLException("the Quartz scheduler was shut down");
            }
            return current.getConnection();
        }

        @Override
        public void shutdown() {
            dataSource = null;
        }

        @Override
        public void initialize() {
            // the pool is started and stopped by the service
        }
    }
}
