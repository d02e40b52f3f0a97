namespace EventFramework.Samples.Bank.Hosting;

/// <summary>Where the bank keeps its data and publishes its integration events.</summary>
public sealed record BankOptions
{
    /// <summary>The SQLite file (the default: nothing to install).</summary>
    public string SqliteFile { get; init; } = Path.Combine(Path.GetTempPath(), "eventframework-bank", "bank.db");

    /// <summary>A PostgreSQL connection string; when set, the bank runs there instead of SQLite.</summary>
    public string? Postgres { get; init; }

    /// <summary>The PostgreSQL schema of the bank's tables.</summary>
    public string PostgresSchema { get; init; } = "bank";

    /// <summary>Kafka bootstrap servers; when null the bank starts the in-process Kafka-protocol cluster.</summary>
    public string? Kafka { get; init; }

    /// <summary>How long a transfer waits for its credit before cancelling it and refunding the source.</summary>
    public TimeSpan CreditTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Start from empty storage (the demo and loadgen do; a service would not).</summary>
    public bool Fresh { get; init; }
}
