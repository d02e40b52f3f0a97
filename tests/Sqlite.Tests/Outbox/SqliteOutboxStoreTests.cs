using EventFramework.Conformance;

namespace EventFramework.Sqlite.Tests.Outbox;

public sealed class SqliteOutboxStoreTests(SqliteOutboxFixture fixture) : OutboxStoreTests<SqliteOutboxFixture>(fixture);

public sealed class SqliteOutboxRetentionTests(SqliteOutboxFixture fixture) : OutboxRetentionTests<SqliteOutboxFixture>(fixture);
