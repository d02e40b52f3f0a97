namespace EventFramework.Postgres;

/// <summary>What a <see cref="WalChange"/> is.</summary>
internal enum WalChangeKind
{
    Row,
    Commit,
    Heartbeat,
}
