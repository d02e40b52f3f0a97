namespace EventFramework.Samples.Bank.Hosting;

/// <summary>One relay, several destinations: each batch is split by destination and handed to its producer.</summary>
public sealed class RoutingProducer(IReadOnlyDictionary<string, IProducer> routes) : IProducer
{
    public async Task<IReadOnlyList<PublishFailure>> Produce(IReadOnlyList<OutboxMessage> messages, CancellationToken ct = default)
    {
        var failures = new List<PublishFailure>();
        foreach (var group in messages.GroupBy(m => m.Destination))
        {
            if (!routes.TryGetValue(group.Key, out var producer))
            {
                failures.AddRange(group.Select(m => new PublishFailure(m.MessageId, $"no route to destination '{group.Key}'")));
                continue;
            }
            failures.AddRange(await producer.Produce([.. group], ct).ConfigureAwait(false));
        }
        return failures;
    }
}
