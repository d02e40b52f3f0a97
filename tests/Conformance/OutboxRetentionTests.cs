namespace EventFramework.Conformance;

/// <summary>
/// Retention of relayed messages: nothing goes before every relay is done with it. A class of its
/// own, so that no other test's relay positions share its fixture.
/// </summary>
public abstract class OutboxRetentionTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IOutboxStoreFixture
{
    [Fact]
    public async Task relayed_messages_go_only_once_every_relay_is_past_them_and_dead_letters_keep_a_copy()
    {
        var store = fixture.Store;
        var sent = new[] { OutboxStoreTests<TFixture>.Message("k", 1), OutboxStoreTests<TFixture>.Message("k", 2), OutboxStoreTests<TFixture>.Message("k", 3) };
        foreach (var m in sent) await fixture.Enqueue([m]);
        var stored = await store.ReadAfter(LogPosition.Start, 10);
        Assert.Equal(sent.Select(m => m.MessageId), stored.Select(m => m.Message.MessageId));

        Assert.Equal(0, await fixture.DeleteRelayed(TimeSpan.Zero)); // no relay has recorded anything yet

        Assert.True(await store.Advance("fast", null, stored[1].Position, []));
        Assert.True(await store.Advance("slow", null, stored[0].Position, []));
        Assert.Equal(0, await fixture.DeleteRelayed(TimeSpan.FromHours(1))); // too young
        Assert.Equal(1, await fixture.DeleteRelayed(TimeSpan.Zero)); // what the slow relay passed
        Assert.Equal(sent.Skip(1).Select(m => m.MessageId), (await store.ReadAfter(LogPosition.Start, 10)).Select(m => m.Message.MessageId));

        var refused = new DeadLetter("slow", stored[2], "too large", DateTimeOffset.UtcNow);
        Assert.True(await store.Advance("slow", stored[0].Position, stored[2].Position, [refused]));
        Assert.Equal(1, await fixture.DeleteRelayed(TimeSpan.Zero)); // the fast relay has not passed the third
        Assert.True(await store.Advance("fast", stored[1].Position, stored[2].Position, []));
        Assert.Equal(1, await fixture.DeleteRelayed(TimeSpan.Zero));
        Assert.Empty(await store.ReadAfter(LogPosition.Start, 10));

        var dead = Assert.Single(await store.LoadDeadLetters("slow"));
        Assert.Equal((sent[2].MessageId, "too large"), (dead.Message.Message.MessageId, dead.Reason));
        Assert.Equal(sent[2].Payload, dead.Message.Message.Payload);
        Assert.Equal(sent[2].Headers["traceparent"], dead.Message.Message.Headers["traceparent"]);
    }
}
