namespace EventFramework.Domain.Tests;

public sealed class ChangeSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task a_notify_between_taking_next_change_and_waiting_is_not_missed()
    {
        var signal = new ChangeSignal();
        var change = signal.NextChange;

        signal.Notify();

        // A missed wake-up would wait the full five minutes; the test fails after five seconds instead.
        await ChangeSignal.WaitAsync(change, Long, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(change.IsCompleted);
    }

    [Fact]
    public void a_change_taken_after_a_notify_waits_for_the_next_one()
    {
        var signal = new ChangeSignal();
        signal.Notify();

        var change = signal.NextChange;

        Assert.False(change.IsCompleted);
        signal.Notify();
        Assert.True(change.IsCompleted);
    }

    [Fact]
    public async Task a_waiter_wakes_on_notify()
    {
        var signal = new ChangeSignal();
        var wait = ChangeSignal.WaitAsync(signal.NextChange, Long, CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Notify();

        await wait.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task without_a_notify_the_wait_ends_at_the_timeout()
    {
        var signal = new ChangeSignal();
        var started = TimeProvider.System.GetTimestamp();

        await ChangeSignal.WaitAsync(signal.NextChange, TimeSpan.FromMilliseconds(50), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(40));
        Assert.False(signal.NextChange.IsCompleted);
    }

    [Fact]
    public async Task cancelling_the_token_ends_the_wait_with_cancellation()
    {
        var signal = new ChangeSignal();
        using var cts = new CancellationTokenSource();
        var wait = ChangeSignal.WaitAsync(signal.NextChange, Long, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
