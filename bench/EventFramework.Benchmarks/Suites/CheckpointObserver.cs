using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EventFramework.Benchmarks.Suites;

/// <summary>
/// A reader outside the runner: on its own thread and connection, it reads a projection's
/// committed checkpoint every <paramref name="interval"/> and remembers when (Stopwatch ticks,
/// taken as each read returns) it saw each new value.
/// </summary>
internal sealed class CheckpointObserver(NpgsqlDataSource dataSource, string schema, string key, TimeSpan interval) : IAsyncDisposable
{
    private readonly List<(long Ticks, LogPosition Checkpoint)> _seen = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Thread? _thread;
    private Exception? _error;
    private LogPosition _latest = LogPosition.Start;

    /// <summary>The latest checkpoint seen.</summary>
    public LogPosition Latest
    {
        get
        {
            if (_error is not null) throw new InvalidOperationException("the checkpoint reader failed", _error);
            lock (_lock) return _latest;
        }
    }

    public void Start()
    {
        _thread = new Thread(Poll) { IsBackground = true, Name = "checkpoint observer" };
        _thread.Start();
    }

    /// <summary>Every change seen, in order; the checkpoints only grow.</summary>
    public IReadOnlyList<(long Ticks, LogPosition Checkpoint)> Observations()
    {
        lock (_lock) return [.. _seen];
    }

    private void Poll()
    {
        try
        {
            using var connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand($"select commit_id::text, sequence from {schema}.projection_checkpoints where key = $1", connection);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = key });
            command.Prepare();
            while (!_stop.IsCancellationRequested)
            {
                using (var reader = command.ExecuteReader())
                {
                    if (reader.Read())
                    {
                        var at = new LogPosition(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1));
                        var now = Stopwatch.GetTimestamp();
                        lock (_lock)
                        {
                            if (at > _latest)
                            {
                                _latest = at;
                                _seen.Add((now, at));
                            }
                        }
                    }
                }
                Thread.Sleep(interval);
            }
        }
        catch (Exception e)
        {
            _error = e;
        }
    }

    public ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _thread?.Join();
        _stop.Dispose();
        return ValueTask.CompletedTask;
    }
}
