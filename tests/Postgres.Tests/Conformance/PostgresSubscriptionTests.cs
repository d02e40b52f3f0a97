using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresSubscriptionTests(PostgresStoreFixture fixture) : SubscriptionTests<PostgresStoreFixture>(fixture);
