using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Conformance;

public sealed class SqliteSubscriptionTests(SqliteStoreFixture fixture) : SubscriptionTests<SqliteStoreFixture>(fixture);
