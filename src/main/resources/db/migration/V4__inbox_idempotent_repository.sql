-- The watched directory's exactly-once record: camel-sql's JdbcMessageIdRepository table (its default name and the
-- columns it reads and writes: processorName, messageId, createdAt), shared by every instance. The inbox uses
-- processor name 'cleanup-inbox' and one row per request file, keyed by name, size and last-modified time.
-- in_progress: the row is first a claim held by the instance processing the file (createdAt renewed while it runs, so
-- a crashed instance's claim goes stale and the file is taken over); when the file is done it becomes the record that
-- keeps it from ever being processed again. Rows written by camel-sql's own statements count as done (the default).
-- messageId is wider than camel-sql's default VARCHAR(100): file names alone may be 255 bytes.
CREATE TABLE CAMEL_MESSAGEPROCESSED (
    processorName VARCHAR(255)  NOT NULL,
    messageId     VARCHAR(1024) NOT NULL,
    createdAt     TIMESTAMPTZ   NOT NULL DEFAULT now(),
    in_progress   BOOLEAN       NOT NULL DEFAULT FALSE,
    PRIMARY KEY (processorName, messageId)
);
