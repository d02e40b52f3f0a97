using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresLifecycleTests(PostgresStoreFixture fixture) : LifecycleTests<PostgresStoreFixture>(fixture);
