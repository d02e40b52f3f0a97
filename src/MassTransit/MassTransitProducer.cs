using MassTransit;

namespace EventFramework;

/// <summary>
/// Publishes outbox relay batches to a MassTransit bus as <see cref="RelayedMessage"/>s, keeping
/// the message id (MassTransit's <c>MessageId</c>), the headers and the key. Messages of one key are
/// sent one after another, each awaited (RabbitMQ publisher confirms), so they arrive in order;
/// different keys go in parallel. A payload above <see cref="MassTransitProducerOptions.MaxPayloadBytes"/>
/// is returned as a failure (dead-lettered by the relay) and the rest still go. Any other failure, or no
/// confirmation within the timeout, throws <see cref="MassTransitUnavailableException"/> and the relay
/// retries the batch.
/// </summary>
public sealed class MassTransitProducer(ISendEndpointProvider endpoints, MassTransitProducerOptions? options = null) : IProducer
{
    /// <summary>The transport header holding <see cref="OutboxMessage.Key"/>.</summary>
    public const string KeyHeader = "EventFramework-Key";

    /// <summary>The transport header holding <see cref="OutboxMessage.Type"/>.</summary>
    public const string TypeHeader = "EventFramework-Type";

    private readonly MassTransitProducerOptions _options = options ?? new MassTransitProducerOptions();

    /// <inheritdoc />
    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.Timeout);
        var failures = messages.Where(m => m.Payload.Length > _options.MaxPayloadBytes)
            .Select(m => new PublishFailure(m.MessageId, $"payload of {m.Payload.Length} bytes exceeds the limit of {_options.MaxPayloadBytes}"))
            .ToList();
        var sendable = failures.Count == 0 ? messages : messages.Where(m => m.Payload.Length <= _options.MaxPayloadBytes);
        await Task.WhenAll(sendable.GroupBy(m => (m.Destination, m.Key)).Select(key => SendInOrder(key.Key.Destination, key, timeout.Token, ct))).ConfigureAwait(false);
        return failures;
    }

    private async Task SendInOrder(string destination, IEnumerable<OutboxMessage> messages, CancellationToken timeout, CancellationToken caller)
    {
        try
        {
            var endpoint = await endpoints.GetSendEndpoint(_options.AddressOf(destination)).ConfigureAwait(false);
            foreach (var m in messages)
                await endpoint.Send(ToRelayed(m), context => Stamp(context, m), timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (!caller.IsCancellationRequested && ex is not MassTransitUnavailableException)
        {
            throw new MassTransitUnavailableException(destination, ex);
        }
    }

    private static void Stamp(SendContext context, OutboxMessage m)
    {
        context.MessageId = m.MessageId;
        context.Headers.Set(KeyHeader, m.Key);
        context.Headers.Set(TypeHeader, m.Type);
        foreach (var (name, value) in m.Headers) context.Headers.Set(name, value);
    }

    private static RelayedMessage ToRelayed(OutboxMessage m) => new()
    {
        MessageId = m.MessageId,
        Destination = m.Destination,
        Key = m.Key,
        Type = m.Type,
        Payload = m.Payload,
        Headers = m.Headers,
    };
}
