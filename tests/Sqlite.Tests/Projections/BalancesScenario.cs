using EventFramework.Testing;
using Microsoft.Data.Sqlite;

namespace EventFramework.Sqlite.Tests.Projections;

/// <summary>
/// A bank's events and the <see cref="Balances"/> read model in one SQLite file, with the fold of
/// every appended event that the read model must end up equal to.
/// </summary>
internal sealed class BalancesScenario : IAsyncDisposable
{
    public static readonly EventSerializer Serializer = new(new TypeRegistry()
        .Register<Deposited>("Deposited")
        .Register<Withdrawn>("Withdrawn")
        .Register<Noted>("Noted"));

    private static readonly string[] Accounts = ["ada", "bob", "cy", "dee", "eve", "fay", "gus", "hal"];

    private readonly TempFile _file = new();
    private readonly Random _random = new(7);
    private readonly Dictionary<string, long> _fold = new(StringComparer.Ordinal);

    private BalancesScenario() => Store = new SqliteEventStore(_file.Path);

    public SqliteEventStore Store { get; }

    /// <summary>How many appended events the projection handles.</summary>
    public int Handled { get; private set; }

    /// <summary>The position of the last appended event.</summary>
    public LogPosition Last { get; private set; }

    public static async Task<BalancesScenario> Create()
    {
        var scenario = new BalancesScenario();
        await scenario.Store.Migrate();
        using var connection = scenario.OpenRaw();
        using var create = connection.CreateCommand();
        create.CommandText = Balances.Tables;
        create.ExecuteNonQuery();
        return scenario;
    }

    /// <summary>Another store instance on the same file, as another process would have.</summary>
    public SqliteEventStore OpenAnotherStore() => new(Store.Options);

    /// <summary>Appends <paramref name="count"/> events over a few accounts, one to three per append.</summary>
    public async Task AppendRandom(int count)
    {
        for (var appended = 0; appended < count;)
        {
            var account = Accounts[_random.Next(Accounts.Length)];
            var events = Enumerable.Range(0, Math.Min(count - appended, _random.Next(1, 4)))
                .Select(_ => _random.Next(5) switch
                {
                    0 => (object)new Withdrawn(account, _random.Next(1, 50)),
                    1 => new Noted(account, "called"),
                    _ => new Deposited(account, _random.Next(1, 100)),
                })
                .ToArray();
            await Append(account, events);
            appended += events.Length;
        }
    }

    /// <summary>Appends <paramref name="events"/> to the account's stream and folds them in.</summary>
    public async Task Append(string account, params object[] events)
    {
        var result = await Store.Append(new StreamName($"Account-{account}"), ExpectedVersion.Any, [.. events.Select(e => Serializer.Serialize(e))]);
        foreach (var e in events)
        {
            var delta = e switch { Deposited d => d.Amount, Withdrawn w => -w.Amount, _ => (long?)null };
            if (delta is null) continue;
            _fold[account] = _fold.GetValueOrDefault(account) + delta.Value;
            Handled++;
        }
        Last = result.Position;
    }

    /// <summary>Waits until the checkpoint under <paramref name="key"/> reaches the last appended event; a runner that fails fails the wait.</summary>
    public async Task WaitForCheckpoint(SqliteProjectionSink sink, string key, params Task[] runners)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await sink.LoadCheckpoint(key) != Last)
        {
            if (runners.FirstOrDefault(r => r.IsCompleted) is { } ended) await ended; // throws its error
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The committed balances, by account.</summary>
    public Dictionary<string, long> ReadBalances() => Query("SELECT account, amount FROM balances", r => (r.GetString(0), r.GetInt64(1)))
        .ToDictionary(b => b.Item1, b => b.Item2, StringComparer.Ordinal);

    /// <summary>Asserts that the read model is the fold of the appended events, with each event applied exactly once.</summary>
    public void AssertBalancesEqualTheFold()
    {
        Assert.Equal(_fold.OrderBy(b => b.Key), ReadBalances().OrderBy(b => b.Key));
        var times = Query("SELECT times FROM applied_events", r => r.GetInt64(0));
        Assert.Equal(Handled, times.Count);
        Assert.All(times, t => Assert.Equal(1, t));
    }

    public SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _file.Path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        _file.Dispose();
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = OpenRaw();
        using var query = connection.CreateCommand();
        query.CommandText = sql;
        using var reader = query.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }
}
