using System.Text;
using EventFramework.Conformance;

namespace EventFramework.Postgres.Tests.Outbox;

[Collection(ReadAllFenceCollection.Name)]
public sealed class PostgresOutboxTests(PostgresOutboxFixture fixture) : IClassFixture<PostgresOutboxFixture>
{
    [Fact]
    public async Task messages_exist_exactly_when_the_command_transaction_commits()
    {
        var store = new PostgresEventStore(fixture.DataSource, new PostgresStoreOptions { Schema = fixture.Name });
        var head = await Head();
        var kept = OutboxStoreTests<PostgresOutboxFixture>.Message("Account-1", 1);
        var dropped = OutboxStoreTests<PostgresOutboxFixture>.Message("Account-2", 2);

        await using (var conn = await fixture.DataSource.OpenConnectionAsync())
        {
            await using (var tx = await conn.BeginTransactionAsync())
            {
                await store.Append(tx, new StreamName("Account-1"), ExpectedVersion.NoStream, [new EventData(Guid.NewGuid(), "Opened", Encoding.UTF8.GetBytes("{}"))]);
                await fixture.Outbox.Enqueue(tx, [kept]);
                await tx.CommitAsync();
            }
            await using (var tx = await conn.BeginTransactionAsync())
            {
                await fixture.Outbox.Enqueue(tx, [dropped]);
                await tx.RollbackAsync();
            }
        }

        Assert.Equal([kept.MessageId], (await fixture.Outbox.ReadAfter(head, 10)).Select(m => m.Message.MessageId));
    }

    [Fact]
    public async Task a_relay_never_skips_a_message_that_commits_late()
    {
        var head = await Head();
        await using var conn = await fixture.DataSource.OpenConnectionAsync();
        await using var slow = await conn.BeginTransactionAsync();
        var early = OutboxStoreTests<PostgresOutboxFixture>.Message("k", 1);
        await fixture.Outbox.Enqueue(slow, [early]);
        var late = OutboxStoreTests<PostgresOutboxFixture>.Message("k", 2);
        await fixture.Outbox.Enqueue([late]);

        Assert.Empty(await fixture.Outbox.ReadAfter(head, 10)); // held back: the older transaction may still commit
        await slow.CommitAsync();

        Assert.Equal([early.MessageId, late.MessageId], (await fixture.Outbox.ReadAfter(head, 10)).Select(m => m.Message.MessageId));
    }

    private async Task<LogPosition> Head()
    {
        var head = LogPosition.Start;
        for (var page = await fixture.Outbox.ReadAfter(head, 1000); page.Count > 0; page = await fixture.Outbox.ReadAfter(head, 1000)) head = page[^1].Position;
        return head;
    }
}
