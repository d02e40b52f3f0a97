using System.Diagnostics.Metrics;
using EventFramework.Diagnostics;

namespace EventFramework.Postgres.Tests.Cdc;

/// <summary>Replication slots wait for every open transaction when created, and one test ages them out: run alone.</summary>
[Collection(ReadAllFenceCollection.Name)]
public sealed class PostgresCdcRelayTests
{
    [Fact]
    public async Task publishes_committed_messages_in_commit_order_and_skips_rolled_back_ones()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        var relay = db.Relay(producer);
        await relay.EnsureSlot();
        var sent = await db.Enqueue(transactions: 4, perTransaction: 7);
        await using (var conn = await db.Schema.DataSource.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await db.Outbox.Enqueue(tx, [CdcDatabase.Message(999)]);
            await tx.RollbackAsync();
        }
        sent.AddRange(await db.Enqueue(transactions: 1, perTransaction: 3, first: 28));

        db.Start(relay);
        await CdcDatabase.Until(() => producer.Acknowledged.Count >= sent.Count, "every message acknowledged");
        await CdcDatabase.Until(() => relay.Status.Confirmed is not null && relay.Status.Published == sent.Count, "the last transaction confirmed");

        Assert.Equal(sent.Select(m => m.MessageId), producer.Acknowledged.Select(m => m.MessageId));
        var read = producer.Acknowledged[5];
        Assert.Equal((sent[5].Destination, sent[5].Key, sent[5].Type), (read.Destination, read.Key, read.Type));
        Assert.Equal(sent[5].Payload, read.Payload);
        Assert.Equal("5", read.Headers["n"]);
        // The server takes the confirmation asynchronously; it lands on what the relay confirmed.
        await CdcDatabase.Until(async () => relay.Status.Confirmed == await db.ConfirmedFlush(), "the slot at the relay's confirmed LSN");
    }

    [Fact]
    public async Task a_killed_relay_restarts_without_loss_keeping_order_per_key()
    {
        await using var db = await CdcDatabase.Create();
        var first = new RecordingProducer();
        var relay = db.Relay(first);
        await relay.EnsureSlot();
        var sent = await db.Enqueue(transactions: 20, perTransaction: 5);
        // The broker stops answering once 15 messages are acknowledged (so at least the first two
        // transactions are confirmed), and the relay is killed with a batch in flight.
        first.HoldAfter(15);
        var (kill, run) = db.Start(relay);
        await CdcDatabase.Until(() => first.IsHolding, "a batch in flight");
        // The server applies a confirmation asynchronously; the batch in flight is never confirmed.
        await CdcDatabase.Until(async () => relay.Status.Confirmed == await db.ConfirmedFlush(), "the slot at the relay's confirmed LSN");
        var confirmedAtKill = await db.ConfirmedFlush();
        Assert.Equal(relay.Status.Confirmed, confirmedAtKill);
        await kill.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(CdcDatabase.Timeout));
        await relay.DisposeAsync();
        Assert.Equal(confirmedAtKill, await db.ConfirmedFlush());
        sent.AddRange(await db.Enqueue(transactions: 4, perTransaction: 5, first: sent.Count)); // while it is down

        var second = new RecordingProducer();
        var restarted = db.Relay(second);
        db.Start(restarted);
        var expected = sent.Select(m => m.MessageId).ToHashSet();
        await CdcDatabase.Until(() => expected.IsSubsetOf(first.Acknowledged.Concat(second.Acknowledged).Select(m => m.MessageId)), "every message delivered");

        // At least once: nothing missing; the confirmed transactions are not delivered again.
        Assert.NotNull(confirmedAtKill);
        Assert.DoesNotContain(second.Acknowledged, m => sent.Take(10).Any(s => s.MessageId == m.MessageId));
        Assert.True(second.Acknowledged.Count < sent.Count);
        // Order per key: within each run, and across both once repeats are removed.
        var order = sent.Select((m, i) => (m.MessageId, i)).ToDictionary(x => x.MessageId, x => x.i);
        foreach (var run2 in new[] { first.Acknowledged, second.Acknowledged, first.Acknowledged.Concat(second.Acknowledged).DistinctBy(m => m.MessageId).ToList() })
        {
            foreach (var key in run2.GroupBy(m => m.Key))
            {
                var positions = key.Select(m => order[m.MessageId]).ToList();
                Assert.Equal(positions.Order(), positions);
            }
        }
    }

    [Fact]
    public async Task the_slot_is_not_confirmed_while_the_producer_fails()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        producer.GoDown();
        var relay = db.Relay(producer);
        await relay.EnsureSlot();
        var initial = await db.ConfirmedFlush();
        var sent = await db.Enqueue(transactions: 3, perTransaction: 4);

        db.Start(relay);
        await CdcDatabase.Until(() => producer.Calls >= 5, "several failed attempts");
        Assert.Equal(initial, await db.ConfirmedFlush());
        Assert.Null(relay.Status.Confirmed);
        Assert.Contains("broker unreachable", relay.Status.LastError, StringComparison.Ordinal);
        Assert.Empty(producer.Acknowledged);

        producer.ComeBack();
        await CdcDatabase.Until(() => producer.Acknowledged.Count == sent.Count, "every message once the broker is back");
        await CdcDatabase.Until(async () => (await db.ConfirmedFlush())!.Value > initial!.Value, "the slot confirmed");
        Assert.Equal(sent.Select(m => m.MessageId), producer.Acknowledged.Select(m => m.MessageId));
    }

    [Fact]
    public async Task an_oversized_message_is_dead_lettered_and_the_rest_flow()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer(maxPayloadBytes: 1000);
        var relay = db.Relay(producer);
        await relay.EnsureSlot();
        var small1 = await db.Enqueue(1, 2);
        var big = await db.Enqueue(1, 1, payloadBytes: 5000, first: 2);
        var small2 = await db.Enqueue(1, 2, first: 3);

        db.Start(relay);
        await CdcDatabase.Until(() => relay.Status.DeadLettered == 1 && producer.Acknowledged.Count == 4, "the rest published");

        Assert.Equal(small1.Concat(small2).Select(m => m.MessageId), producer.Acknowledged.Select(m => m.MessageId));
        var dead = Assert.Single(await db.Outbox.LoadDeadLetters(relay.Name));
        Assert.Equal(big[0].MessageId, dead.Message.Message.MessageId);
        Assert.Equal(big[0].Payload, dead.Message.Message.Payload);
        Assert.Contains("exceeds 1000", dead.Reason, StringComparison.Ordinal);
        Assert.NotEqual(0UL, dead.Message.Position.Commit);
    }

    [Fact]
    public async Task a_filtered_relay_publishes_only_what_it_includes_and_moves_past_the_rest()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        var relay = db.Relay(producer, db.Options with { Include = m => m.Destination == "cdc.test" });
        await relay.EnsureSlot();
        var wanted = await db.Enqueue(2, 3);
        var beforeOther = NpgsqlTypes.NpgsqlLogSequenceNumber.Parse(await db.Scalar<string>("select pg_current_wal_insert_lsn()::text"));
        var other = Enumerable.Range(0, 4).Select(n => CdcDatabase.Message(100 + n) with { Destination = "elsewhere" }).ToList();
        await db.Outbox.Enqueue(other);

        db.Start(relay);
        await CdcDatabase.Until(() => producer.Acknowledged.Count == wanted.Count, "the included messages");
        // Only commits are confirmed (no heartbeat here): past this point means the excluded transaction's commit.
        await CdcDatabase.Until(async () => (await db.ConfirmedFlush())!.Value > beforeOther, "the slot past the excluded transaction");

        Assert.Equal(wanted.Select(m => m.MessageId), producer.Acknowledged.Select(m => m.MessageId));
    }

    [Fact]
    public async Task slot_lag_is_reported_in_the_status_and_as_a_metric()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        producer.Hold();
        var relay = db.Relay(producer, name: $"lag-{Guid.NewGuid():N}");
        await relay.EnsureSlot();
        var sent = await db.Enqueue(transactions: 10, perTransaction: 10, payloadBytes: 4000);
        var measured = new List<long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == EventFrameworkMetrics.Name && instrument.Name == "eventframework.cdc.slot_lag") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "reader" && (string?)tag.Value == relay.Name) lock (measured) measured.Add(value);
        });
        listener.Start();

        db.Start(relay);
        await CdcDatabase.Until(() => producer.IsHolding, "a batch in flight");
        Assert.True(await relay.MeasureLag() >= 150_000);
        await CdcDatabase.Until(() => relay.Status.SlotLagBytes >= 150_000, "the status reporting the lag");
        listener.RecordObservableInstruments();
        lock (measured) Assert.Contains(measured, v => v >= 150_000);

        producer.Release();
        await CdcDatabase.Until(() => producer.Acknowledged.Count == sent.Count, "every message");
        await CdcDatabase.Until(async () => await relay.MeasureLag() < 100_000, "the lag shrinking once confirmed");
    }

    [Fact]
    public async Task a_broken_replication_connection_is_reopened_and_nothing_is_lost()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        var relay = db.Relay(producer);
        await relay.EnsureSlot();
        var sent = await db.Enqueue(5, 4);
        db.Start(relay);
        await CdcDatabase.Until(() => producer.Acknowledged.Count == sent.Count, "the first messages");

        var walSender = await db.Scalar<int>("select active_pid from pg_replication_slots where slot_name = $1", db.Slot);
        Assert.True(await db.Scalar<bool>("select pg_terminate_backend($1)", walSender));
        sent.AddRange(await db.Enqueue(5, 4, first: sent.Count));

        await CdcDatabase.Until(() => sent.Select(m => m.MessageId).ToHashSet().IsSubsetOf(producer.Acknowledged.Select(m => m.MessageId)), "every message after the reconnection");
        Assert.NotEqual(walSender, await db.Scalar<int>("select active_pid from pg_replication_slots where slot_name = $1", db.Slot));
        Assert.Equal(sent.Select(m => m.MessageId), producer.Acknowledged.Select(m => m.MessageId).Distinct());
    }

    [Fact]
    public async Task an_idle_relay_confirms_past_wal_that_other_tables_write()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        var relay = db.Relay(producer, db.Options with { Heartbeat = TimeSpan.FromMilliseconds(200) });
        await relay.EnsureSlot();
        await db.Execute("create table other (id int, filler text)");
        await db.Execute("insert into other select g, repeat('x', 1000) from generate_series(1, 1000) g");

        db.Start(relay);
        await CdcDatabase.Until(async () => await relay.MeasureLag() < 100_000, "the heartbeat releasing the other table's WAL");
        Assert.Empty(producer.Acknowledged);
    }
}
