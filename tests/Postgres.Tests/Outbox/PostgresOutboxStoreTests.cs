using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Outbox;

public sealed class PostgresOutboxStoreTests(PostgresOutboxFixture fixture) : OutboxStoreTests<PostgresOutboxFixture>(fixture);

public sealed class PostgresOutboxRetentionTests(PostgresOutboxFixture fixture) : OutboxRetentionTests<PostgresOutboxFixture>(fixture);
