using System.Collections.Concurrent;
using System.Text;
using MassTransit;

namespace EventFramework.MassTransit.Tests;

/// <summary>The outbox relay publishing through <see cref="MassTransitProducer"/> to a real RabbitMQ.</summary>
public sealed class MassTransitProducerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>A bus whose one consumer records what is published to <paramref name="destination"/>.</summary>
    private static Task<IBusControl> StartRecordingBus(string destination, ConcurrentQueue<Received> received) =>
        RabbitMq.StartBus(cfg => cfg.ReceiveEndpoint(RabbitMq.UniqueName("consumer"), e =>
        {
            e.AutoDelete = true;
            e.ConfigureConsumeTopology = false;
            // One message at a time: the recorded order is the delivery order (concurrent consumers would reorder it).
            e.PrefetchCount = 1;
            e.ConcurrentMessageLimit = 1;
            e.Bind(destination);
            e.Consumer(() => new RecordingConsumer(received));
        }));

    [Fact]
    public async Task the_relay_publishes_every_message_and_a_consumer_receives_ids_headers_and_keys_in_order()
    {
        var destination = RabbitMq.UniqueName("orders");
        var received = new ConcurrentQueue<Received>();
        var bus = await StartRecordingBus(destination, received);
        try
        {
            var outbox = new InMemoryOutbox();
            var messages = Enumerable.Range(0, 20).Select(i => new OutboxMessage(
                Guid.NewGuid(), destination, $"Order-{i % 3}", "OrderPlaced", Encoding.UTF8.GetBytes($$"""{"n":{{i}}}"""),
                new Dictionary<string, string> { ["traceparent"] = $"00-{i:x32}-{i:x16}-01", ["tenant"] = "t-1" })).ToList();
            outbox.Enqueue(messages);
            var relay = new OutboxRelay("mt-relay", outbox, new MassTransitProducer(bus), outbox.Changes);
            using var stop = new CancellationTokenSource(Timeout);
            var running = relay.Run(stop.Token);

            while (received.Count < messages.Count && !stop.IsCancellationRequested) await Task.Delay(50);
            await Task.Delay(500); // anything extra would show now
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

            var got = received.ToList();
            Assert.Equal(messages.Select(m => m.MessageId).Order(), got.Select(r => r.Message.MessageId).Order());
            var byId = messages.ToDictionary(m => m.MessageId);
            Assert.All(got, r =>
            {
                var sent = byId[r.Message.MessageId];
                Assert.Equal(sent.MessageId, r.TransportMessageId);
                Assert.Equal((sent.Key, sent.Type, sent.Destination), (r.Message.Key, r.Message.Type, r.Message.Destination));
                Assert.Equal(sent.Payload, r.Message.Payload);
                Assert.Equal(sent.Headers.OrderBy(h => h.Key), r.Message.Headers.OrderBy(h => h.Key));
                Assert.Equal(sent.Key, r.TransportHeaders[MassTransitProducer.KeyHeader]);
                Assert.Equal(sent.Type, r.TransportHeaders[MassTransitProducer.TypeHeader]);
                Assert.All(sent.Headers, h => Assert.Equal(h.Value, r.TransportHeaders[h.Key]));
            });
            foreach (var key in messages.GroupBy(m => m.Key))
                Assert.Equal(key.Select(m => m.MessageId), got.Where(r => r.Message.Key == key.Key).Select(r => r.Message.MessageId));
            Assert.Equal(messages.Count, relay.Status.Published);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task a_payload_above_the_limit_is_dead_lettered_and_the_rest_of_the_batch_arrives()
    {
        var destination = RabbitMq.UniqueName("invoices");
        var received = new ConcurrentQueue<Received>();
        var bus = await StartRecordingBus(destination, received);
        try
        {
            var outbox = new InMemoryOutbox();
            var small = new OutboxMessage(Guid.NewGuid(), destination, "Invoice-1", "InvoiceIssued", Encoding.UTF8.GetBytes("""{"lines":1}"""));
            var huge = new OutboxMessage(Guid.NewGuid(), destination, "Invoice-1", "InvoiceIssued", Encoding.UTF8.GetBytes($$"""{"blob":"{{new string('x', 4096)}}"}"""));
            var after = new OutboxMessage(Guid.NewGuid(), destination, "Invoice-1", "InvoicePaid", Encoding.UTF8.GetBytes("""{"paid":true}"""));
            outbox.Enqueue(small, huge, after);
            var relay = new OutboxRelay("mt-limit-relay", outbox, new MassTransitProducer(bus, new MassTransitProducerOptions { MaxPayloadBytes = 1024 }), outbox.Changes);
            using var stop = new CancellationTokenSource(Timeout);
            var running = relay.Run(stop.Token);
            while ((received.Count < 2 || relay.Status.DeadLettered < 1) && !stop.IsCancellationRequested) await Task.Delay(50);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);

            Assert.Equal([small.MessageId, after.MessageId], received.Select(r => r.Message.MessageId));
            var dead = Assert.Single(await outbox.LoadDeadLetters("mt-limit-relay"));
            Assert.Equal(huge.MessageId, dead.Message.Message.MessageId);
            Assert.Contains("exceeds the limit of 1024", dead.Reason, StringComparison.Ordinal);
        }
        finally
        {
            await bus.StopAsync();
        }
    }

    [Fact]
    public async Task a_dead_broker_fails_the_batch_with_a_typed_transient_error_and_the_relay_loses_nothing()
    {
        var destination = RabbitMq.UniqueName("payments");
        var outbox = new InMemoryOutbox();
        var messages = Enumerable.Range(0, 5).Select(i => new OutboxMessage(Guid.NewGuid(), destination, "Payment-1", "PaymentTaken", Encoding.UTF8.GetBytes($$"""{"n":{{i}}}"""))).ToList();
        outbox.Enqueue(messages);

        // A bus whose broker never answers: it does not start, and sends wait for a connection until the producer's timeout.
        var dead = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(RabbitMq.DeadUrl));
        using (var startTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(3)))
        {
            try { await dead.StartAsync(startTimeout.Token); }
            catch (Exception) { } // expected: nobody listens there
        }
        try
        {
            var producer = new MassTransitProducer(dead, new MassTransitProducerOptions { Timeout = TimeSpan.FromSeconds(3) });
            var error = await Assert.ThrowsAsync<MassTransitUnavailableException>(() => producer.Produce(messages));
            Assert.Equal(destination, error.Destination);

            var deadRelay = new OutboxRelay("mt-dead-relay", outbox, producer, options: new OutboxRelayOptions { RetryDelay = TimeSpan.FromMilliseconds(200), MaxRetryDelay = TimeSpan.FromSeconds(1) });
            using (var stop = new CancellationTokenSource())
            {
                var running = deadRelay.Run(stop.Token);
                while (deadRelay.Status.LastError is null) await Task.Delay(50).WaitAsync(Timeout);
                await stop.CancelAsync();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            }
            Assert.Equal(0, deadRelay.Status.Published);
            Assert.Null(await outbox.LoadPosition("mt-dead-relay"));
        }
        finally
        {
            using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try { await dead.StopAsync(stopTimeout.Token); }
            catch (Exception) { } // stopping a bus that never connected may time out
        }

        // The same relay against a live broker: every message arrives.
        var received = new ConcurrentQueue<Received>();
        var bus = await StartRecordingBus(destination, received);
        try
        {
            var relay = new OutboxRelay("mt-dead-relay", outbox, new MassTransitProducer(bus));
            using var stop = new CancellationTokenSource(Timeout);
            var running = relay.Run(stop.Token);
            while (received.Count < messages.Count && !stop.IsCancellationRequested) await Task.Delay(50);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
            // Every message, each in order within its key (the producer sends different keys side by side).
            Assert.Equal(messages.Select(m => m.MessageId).Order(), received.Select(r => r.Message.MessageId).Order());
            foreach (var key in messages.GroupBy(m => m.Key))
                Assert.Equal(key.Select(m => m.MessageId), received.Where(r => r.Message.Key == key.Key).Select(r => r.Message.MessageId));
        }
        finally
        {
            await bus.StopAsync();
        }
    }
}
