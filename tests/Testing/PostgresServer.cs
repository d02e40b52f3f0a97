using EventFramework.Testing.Cluster;

namespace EventFramework.Testing;

/// <summary>
/// The one place that knows the PostgreSQL connection for every test project.
/// </summary>
/// <remarks>
/// <para>
/// If the environment variable <c>EVENTFRAMEWORK_PG</c> holds a connection string, that server is used
/// as it is (it must have <c>wal_level=logical</c> for the replication tests).
/// </para>
/// <para>
/// Otherwise the first access starts a private, throw-away cluster for this test process from the newest
/// <c>/usr/lib/postgresql/*/bin</c>: <c>initdb</c> (trust auth) into a fresh directory under
/// <c>/tmp/eventframework-postgres-{user}</c>, then <c>postgres</c> on a free port on 127.0.0.1 only, with
/// <c>wal_level=logical</c>, 300 connections, no fsync. As root, the directory belongs to the
/// <c>postgres</c> user and the binaries run through <c>runuser -u postgres --</c>, since initdb refuses root.
/// Startup waits up to 60 s and fails with the server log in the message.
/// </para>
/// <para>
/// Clean-up: on <see cref="AppDomain.ProcessExit"/> the cluster is stopped (immediate shutdown) and its
/// directory deleted. The VSTest host gives exit handlers only about 100 ms, and a test run can be killed, so
/// a detached watchdog shell also waits for the test process to end, then stops the cluster and deletes the
/// directory; and every start sweeps clusters of this user whose test process is gone (should the watchdog
/// have been killed too).
/// </para>
/// </remarks>
public static class PostgresServer
{
    /// <summary>The environment variable that overrides the private cluster with an existing server.</summary>
    public const string EnvironmentVariable = "EVENTFRAMEWORK_PG";

    private static readonly Lazy<string> Connection = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The connection string of the test server (superuser, database <c>postgres</c> for the private cluster).
    /// The first access may take a few seconds; a failed start is thrown again on every access.
    /// </summary>
    public static string ConnectionString => Connection.Value;

    private static string Resolve()
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var cluster = PrivateCluster.Start();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();
        return cluster.ConnectionString;
    }
}
