using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Conformance;

public sealed class PostgresSerializationTests(PostgresStoreFixture fixture) : SerializationTests<PostgresStoreFixture>(fixture);
