namespace EventFramework.Conformance;

/// <summary>Many writers on one stream: nothing lost, nothing duplicated, no version skipped.</summary>
public abstract partial class AppendTests<TFixture>
{
    private const int Writers = 64;

    [Fact]
    public async Task concurrent_appends_with_any_all_land_at_distinct_consecutive_versions()
    {
        const int appendsPerWriter = 4;
        var stream = NewStream();
        // Every append is a batch of two events, so an interleaved (non-atomic) batch shows too.
        var batches = Enumerable.Range(0, Writers * appendsPerWriter).Select(i => TestEvents.Events(2, firstIndex: 2 * i)).ToArray();

        var results = await RunConcurrently(async w =>
        {
            var mine = new List<(int Batch, AppendResult Result)>();
            for (var b = w * appendsPerWriter; b < (w + 1) * appendsPerWriter; b++)
                mine.Add((b, await Store.Append(stream, ExpectedVersion.Any, batches[b])));
            return mine;
        });

        var read = await ReadStream(stream);
        Assert.Equal(Enumerable.Range(0, 2 * batches.Length).Select(i => (long)i), read.Select(e => e.StreamPosition));
        Assert.Equal(batches.SelectMany(b => b).Select(e => e.EventId).Order(), read.Select(e => e.EventId).Order());
        AssertStrictlyIncreasing(read.Select(e => e.Position));
        var versionOf = read.ToDictionary(e => e.EventId, e => e.StreamPosition);
        foreach (var (b, result) in results.SelectMany(r => r))
        {
            // A batch is atomic: its two events sit side by side and its result names the second.
            Assert.Equal(versionOf[batches[b][0].EventId] + 1, versionOf[batches[b][1].EventId]);
            Assert.Equal(versionOf[batches[b][1].EventId], result.NextExpectedVersion);
        }
    }

    [Fact]
    public async Task concurrent_appends_with_exact_versions_and_retries_lose_no_update()
    {
        var stream = NewStream();
        var seed = await Seed(stream, 1);
        var allRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var readers = 0;
        var conflicts = 0;

        var outcomes = await RunConcurrently(async i =>
        {
            var e = TestEvents.Event(index: i);
            var version = await Store.GetStreamVersion(stream);
            // Every writer reads before anyone appends, so the first round must conflict for all but one.
            if (Interlocked.Increment(ref readers) == Writers) allRead.SetResult();
            await allRead.Task;
            // Each conflict means another writer succeeded after our read, so there can be no more than Writers - 1.
            for (var attempt = 0; attempt < Writers; attempt++)
            {
                try
                {
                    var result = await Store.Append(stream, ExpectedVersion.Exactly(version), [e]);
                    return (e.EventId, ReadVersion: version, result.NextExpectedVersion);
                }
                catch (WrongExpectedVersionException conflict)
                {
                    Interlocked.Increment(ref conflicts);
                    Assert.True(conflict.ActualVersion > version, $"a conflict at {version} reported the older actual version {conflict.ActualVersion}");
                    version = await Store.GetStreamVersion(stream);
                }
            }
            throw new InvalidOperationException($"writer {i} conflicted more often than the other writers appended");
        });

        Assert.All(outcomes, o => Assert.Equal(o.ReadVersion + 1, o.NextExpectedVersion));
        Assert.Equal(Enumerable.Range(1, Writers).Select(v => (long)v), outcomes.Select(o => o.NextExpectedVersion).Order());
        Assert.True(conflicts >= Writers - 1, $"only {conflicts} conflicts: appends with a stale version were accepted");
        var read = await ReadStream(stream);
        Assert.Equal(Enumerable.Range(0, Writers + 1).Select(v => (long)v), read.Select(e => e.StreamPosition));
        Assert.Equal([seed[0].EventId, .. outcomes.OrderBy(o => o.NextExpectedVersion).Select(o => o.EventId)], read.Select(e => e.EventId));
    }

    /// <summary>Starts <see cref="Writers"/> tasks on the thread pool at once and waits for all of them.</summary>
    private static async Task<T[]> RunConcurrently<T>(Func<int, Task<T>> writer)
    {
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, Writers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await writer(i);
        })).ToArray();
        start.SetResult();
        return await Task.WhenAll(tasks).WaitAsync(Timeout);
    }
}
