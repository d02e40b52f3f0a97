using System.Diagnostics;
using System.Text;

namespace EventFramework.Kafka.Tests.Relay;

/// <summary>A running RelayCrashHost: its output is drained (so it never blocks on a full pipe) and its errors kept.</summary>
internal sealed class RelayHost : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public RelayHost(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data == "ready") _ready.TrySetResult();
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors) if (_errors.Length < 20_000) _errors.AppendLine(e.Data);
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public string Errors
    {
        get
        {
            lock (_errors) return _errors.ToString();
        }
    }

    public async Task WaitUntilReady()
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(_ready.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        if (first == exited) throw new InvalidOperationException("the relay host exited at start: " + Errors);
    }

    /// <summary>SIGKILL: no finally blocks, no flush, a transaction cut anywhere.</summary>
    public void Kill() => _process.Kill();

    public Task WaitForExitAsync() => _process.WaitForExitAsync();

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill();
        _process.Dispose();
    }
}
