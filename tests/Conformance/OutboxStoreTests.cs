using System.Text;

namespace EventFramework.Conformance;

/// <summary>The outbox-store contract: commit-order reads, relay positions by compare-and-set, dead letters.</summary>
public abstract class OutboxStoreTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IOutboxStoreFixture
{
    private IOutboxStore Store => fixture.Store;

    private static string NewRelay() => $"relay-{Guid.NewGuid():N}";

    public static OutboxMessage Message(string key, int n) =>
        new(Guid.NewGuid(), "bank.transactions", key, "MoneyMoved", Encoding.UTF8.GetBytes($"{{\"n\":{n},\"text\":\"héllo ✓\"}}"), new Dictionary<string, string> { ["traceparent"] = $"00-{n:x32}-{n:x16}-01" });

    private async Task<LogPosition> Head()
    {
        var head = LogPosition.Start;
        for (var page = await Store.ReadAfter(head, 1000); page.Count > 0; page = await Store.ReadAfter(head, 1000)) head = page[^1].Position;
        return head;
    }

    [Fact]
    public async Task messages_read_back_whole_in_commit_order_and_page_by_position()
    {
        var head = await Head();
        var first = new[] { Message("a", 1), Message("b", 2) };
        var second = new[] { Message("a", 3) };
        await fixture.Enqueue(first);
        await fixture.Enqueue(second);

        var page1 = await Store.ReadAfter(head, 2);
        var page2 = await Store.ReadAfter(page1[^1].Position, 10);

        Assert.Equal(first.Select(m => m.MessageId), page1.Select(m => m.Message.MessageId));
        Assert.Equal(second.Select(m => m.MessageId), page2.Select(m => m.Message.MessageId));
        var read = page1[0].Message;
        Assert.Equal((first[0].Destination, first[0].Key, first[0].Type), (read.Destination, read.Key, read.Type));
        Assert.Equal(first[0].Payload, read.Payload);
        Assert.Equal(first[0].Headers["traceparent"], read.Headers["traceparent"]);
        Assert.True(page1[0].Position < page1[1].Position && page1[1].Position < page2[0].Position);
    }

    [Fact]
    public async Task a_relay_position_moves_only_from_the_expected_one()
    {
        var relay = NewRelay();
        Assert.Null(await Store.LoadPosition(relay));
        Assert.True(await Store.Advance(relay, null, new LogPosition(3, 10), []));
        Assert.False(await Store.Advance(relay, null, new LogPosition(3, 20), []));
        Assert.False(await Store.Advance(relay, new LogPosition(3, 9), new LogPosition(3, 20), []));
        Assert.True(await Store.Advance(relay, new LogPosition(3, 10), new LogPosition(4, 1), []));
        Assert.Equal(new LogPosition(4, 1), await Store.LoadPosition(relay));
    }

    [Fact]
    public async Task dead_letters_are_stored_with_the_position_move_and_only_then()
    {
        var relay = NewRelay();
        var head = await Head();
        await fixture.Enqueue([Message("k", 1)]);
        var stored = (await Store.ReadAfter(head, 1))[0];
        var letter = new DeadLetter(relay, stored, "too large: 2 MB", DateTimeOffset.UtcNow);

        Assert.False(await Store.Advance(relay, new LogPosition(1, 1), stored.Position, [letter]));
        Assert.Empty(await Store.LoadDeadLetters(relay));
        Assert.True(await Store.Advance(relay, null, stored.Position, [letter]));

        var loaded = Assert.Single(await Store.LoadDeadLetters(relay));
        Assert.Equal((stored.Message.MessageId, stored.Position, "too large: 2 MB"), (loaded.Message.Message.MessageId, loaded.Message.Position, loaded.Reason));
        Assert.Empty(await Store.LoadDeadLetters(NewRelay()));
    }
}
