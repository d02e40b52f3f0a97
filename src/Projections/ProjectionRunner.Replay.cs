namespace EventFramework;

public sealed partial class ProjectionRunner<TContext>
{
    /// <summary>
    /// Applies the projection's parked events in log order, each in one transaction with the
    /// removal of its parked record, so each is applied exactly once. A stream whose event fails
    /// again stays parked (with its later events) and the others go on. Returns how many were
    /// applied. Run it after deploying a fix; the runner may keep running meanwhile.
    /// </summary>
    public async Task<ReplayResult> ReplayParked(CancellationToken ct = default)
    {
        var parked = (await _sink.LoadParked(_projection.Key, ct).ConfigureAwait(false)).OrderBy(p => p.Position).ToList();
        var failedStreams = new Dictionary<string, string>(StringComparer.Ordinal);
        var applied = 0;
        foreach (var p in parked)
        {
            if (failedStreams.ContainsKey(p.Stream)) continue;
            var e = await _store.FindEvent(p.EventId, ct).ConfigureAwait(false);
            try
            {
                var done = await _sink.Unpark(_projection.Key, p.EventId, async (ctx, c) =>
                {
                    if (e is not null && Handles(e.EventType))
                        await _projection.Apply(ctx, _serializer.Deserialize(e), e, c).ConfigureAwait(false);
                }, ct).ConfigureAwait(false);
                if (done) applied++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failedStreams[p.Stream] = ex.Message;
            }
        }
        // The running loop notices replayed streams itself: it reloads parked streams when a batch touches one.
        return new ReplayResult(applied, failedStreams);
    }
}
