using System.Runtime.InteropServices;

namespace EventFramework.Cli.CommandLine;

/// <summary>
/// Turns Ctrl+C and SIGTERM into cancellation while efx runs, so a rebuild stops between batches
/// (what it committed stays) and efx exits with <see cref="EfxExitCode.Interrupted"/> instead of being killed.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly PosixSignalRegistration[] _signals;

    public Interruption() => _signals = [Register(PosixSignal.SIGINT), Register(PosixSignal.SIGTERM)];

    public CancellationToken Token => _cancel.Token;

    public void Dispose()
    {
        foreach (var signal in _signals) signal.Dispose();
        _cancel.Dispose();
    }

    private PosixSignalRegistration Register(PosixSignal signal) => PosixSignalRegistration.Create(signal, context =>
    {
        context.Cancel = true;
        _cancel.Cancel();
    });
}
