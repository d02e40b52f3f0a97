using EventFramework.Conformance;
using EventFramework.Postgres.Tests.Conformance;

namespace EventFramework.Postgres.Tests.Outbox;

public sealed class PostgresCommandOutboxTests(PostgresStoreFixture fixture) : CommandOutboxTests<PostgresStoreFixture>(fixture);
