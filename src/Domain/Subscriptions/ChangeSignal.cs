namespace EventFramework;

/// <summary>
/// A wake-up hint that new events may have committed. Take <see cref="NextChange"/> before
/// reading, then await it if the read came back empty: a change that lands in between is
/// never missed. Hints may be lost (another process wrote); subscribers also poll.
/// </summary>
public sealed class ChangeSignal
{
    private TaskCompletionSource _next = NewSource();

    /// <summary>Completes at the first <see cref="Notify"/> after it was read.</summary>
    public Task NextChange => Volatile.Read(ref _next).Task;

    /// <summary>Wakes everyone waiting on the current <see cref="NextChange"/>.</summary>
    public void Notify() => Interlocked.Exchange(ref _next, NewSource()).TrySetResult();

    /// <summary>Waits for <paramref name="change"/> or the timeout, whichever comes first.</summary>
    public static async Task WaitAsync(Task change, TimeSpan timeout, CancellationToken ct)
    {
        if (change.IsCompleted) return;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, cts.Token);
        await Task.WhenAny(change, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
