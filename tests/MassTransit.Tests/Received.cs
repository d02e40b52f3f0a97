using System.Collections.Concurrent;
using MassTransit;

namespace EventFramework.MassTransit.Tests;

/// <summary>What a consumer saw of one relayed message: the message and the transport's id and headers.</summary>
public sealed record Received(RelayedMessage Message, Guid? TransportMessageId, IReadOnlyDictionary<string, string> TransportHeaders);

/// <summary>A MassTransit consumer that records every relayed message it receives.</summary>
public sealed class RecordingConsumer(ConcurrentQueue<Received> received) : IConsumer<RelayedMessage>
{
    public Task Consume(ConsumeContext<RelayedMessage> context)
    {
        var headers = context.Headers.GetAll().Where(h => h.Value is string).ToDictionary(h => h.Key, h => (string)h.Value);
        received.Enqueue(new Received(context.Message, context.MessageId, headers));
        return Task.CompletedTask;
    }
}
