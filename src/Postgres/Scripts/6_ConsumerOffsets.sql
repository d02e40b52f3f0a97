-- Offsets of broker-fed consumers (projections or sagas reading Kafka topics), kept with their
-- effects: moved by a compare-and-set in the transaction of the batch that consumed them.
create table if not exists __schema__.consumer_offsets (
    consumer    text        not null,
    topic       text        not null,
    partition   int         not null,
    next_offset bigint      not null,
    updated     timestamptz not null default now(),
    primary key (consumer, topic, partition)
);
