using System.Text.RegularExpressions;
using EventFramework.Store;
using Npgsql;
using NpgsqlTypes;
using Npgsql.Replication;
using static EventFramework.Postgres.PostgresErrors;

namespace EventFramework.Postgres;

/// <summary>
/// The replication slot and publication of one CDC reader: created when missing (and recorded in
/// {schema}.cdc_slots), checked when present, dropped only on request. A recorded slot that is gone
/// is a <see cref="ReplicationSlotLostException"/>, never recreated.
/// </summary>
internal sealed partial class CdcSlot
{
    private const string Plugin = "pgoutput";
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _owner;

    public CdcSlot(NpgsqlDataSource dataSource, string connectionString, string owner, string table, PostgresCdcOptions options)
    {
        EmbeddedSqlScripts.RequireSafeSchema(options.Schema, nameof(options));
        _dataSource = dataSource;
        _owner = owner;
        ConnectionString = connectionString;
        Schema = options.Schema;
        Table = table;
        Name = RequireName(options.Slot ?? DefaultName(owner), "slot");
        Publication = RequireName(options.Publication ?? Name, "publication");
    }

    public string Name { get; }

    public string Publication { get; }

    public string Schema { get; }

    public string Table { get; }

    /// <summary>For the replication connection (never pooled).</summary>
    public string ConnectionString { get; }

    /// <summary>Creates what is missing and checks what exists; throws a <see cref="ReplicationSlotException"/> when the slot cannot be used.</summary>
    public async Task Ensure(CancellationToken ct)
    {
        // Migrate only when needed: the relay's role may be allowed to read and replicate, not to create schemas.
        if (!await Guard("inspect schema", async () =>
        {
            await using var exists = _dataSource.CreateCommand($"select to_regclass('{Schema}.cdc_slots') is not null");
            return (bool)(await exists.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
        }).ConfigureAwait(false))
            await Guard("migrate", () => PostgresMigrations.Apply(_dataSource, Schema, ct)).ConfigureAwait(false);
        await EnsurePublication(ct).ConfigureAwait(false);
        if (await Inspect(ct).ConfigureAwait(false) is { } existing)
        {
            Verify(existing);
        }
        else
        {
            if (await IsRecorded(ct).ConfigureAwait(false)) throw new ReplicationSlotLostException(Name, invalidated: false, $"recorded in {Schema}.cdc_slots but absent from pg_replication_slots");
            await Create(ct).ConfigureAwait(false);
        }
        await Guard("record replication slot", async () =>
        {
            await using var cmd = _dataSource.CreateCommand($"insert into {Schema}.cdc_slots (slot_name, publication, owner) values ($1, $2, $3) on conflict do nothing");
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Publication });
            cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _owner });
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The slot as it is now; throws when it is gone, invalidated or not a pgoutput slot of this database.</summary>
    public async Task<CdcSlotState> Check(CancellationToken ct)
    {
        var state = await Inspect(ct).ConfigureAwait(false) ?? throw new ReplicationSlotLostException(Name, invalidated: false, "absent from pg_replication_slots");
        Verify(state);
        return state;
    }

    /// <summary>Drops the slot (which must not be in use), the publication and the record. Idempotent.</summary>
    public async Task Drop(CancellationToken ct)
    {
        await Guard("drop replication slot", async () =>
        {
            await using var connection = await _dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
            await using (var active = new NpgsqlCommand("select active_pid from pg_replication_slots where slot_name = $1 and active", connection))
            {
                active.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
                if (await active.ExecuteScalarAsync(ct).ConfigureAwait(false) is int pid)
                    throw new InvalidOperationException($"The replication slot '{Name}' is in use by process {pid}: stop its reader before dropping it.");
            }
            await using var drop = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("select pg_drop_replication_slot(slot_name) from pg_replication_slots where slot_name = $1") { Parameters = { new NpgsqlParameter<string> { TypedValue = Name } } },
                    new NpgsqlBatchCommand($"drop publication if exists \"{Publication}\""),
                    new NpgsqlBatchCommand($"delete from {Schema}.cdc_slots where slot_name = $1") { Parameters = { new NpgsqlParameter<string> { TypedValue = Name } } },
                },
            };
            await drop.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The slot's row in pg_replication_slots, or null when there is none.</summary>
    public Task<CdcSlotState?> Inspect(CancellationToken ct) => Guard("inspect replication slot", async () =>
    {
        await using var cmd = _dataSource.CreateCommand("""
            select s.slot_type, coalesce(s.plugin, ''), coalesce(s.database, ''), current_database(), coalesce(s.wal_status, ''),
                   pg_wal_lsn_diff(pg_current_wal_lsn(), s.confirmed_flush_lsn)::bigint, s.confirmed_flush_lsn::text
              from pg_replication_slots s where s.slot_name = $1
            """);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        await using var reader = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        if (!await reader.ReadAsync(ct).ConfigureAwait(false)) return null;
        return new CdcSlotState(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5),
            reader.IsDBNull(6) ? null : NpgsqlLogSequenceNumber.Parse(reader.GetString(6)));
    });

    private void Verify(CdcSlotState state)
    {
        if (state.WalStatus == "lost") throw new ReplicationSlotLostException(Name, invalidated: true, "wal_status is 'lost': the WAL it needs was removed");
        if (state.SlotType != "logical") throw new ReplicationSlotMismatchException(Name, $"it is a {state.SlotType} slot, not a logical one");
        if (state.Plugin != Plugin) throw new ReplicationSlotMismatchException(Name, $"it uses the output plugin '{state.Plugin}', not '{Plugin}'");
        if (state.Database != state.CurrentDatabase) throw new ReplicationSlotMismatchException(Name, $"it belongs to the database '{state.Database}', not '{state.CurrentDatabase}'");
    }

    private async Task EnsurePublication(CancellationToken ct)
    {
        await Guard("ensure publication", async () =>
        {
            for (var attempt = 0; ; attempt++)
            {
                await using var check = _dataSource.CreateCommand("""
                    select p.pubinsert, exists (select 1 from pg_publication_tables t where t.pubname = p.pubname and t.schemaname = $2 and t.tablename = $3)
                      from pg_publication p where p.pubname = $1
                    """);
                check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Publication });
                check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Schema });
                check.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Table });
                await using (var reader = await check.ExecuteReaderAsync(ct).ConfigureAwait(false))
                {
                    if (await reader.ReadAsync(ct).ConfigureAwait(false))
                    {
                        if (!reader.GetBoolean(0)) throw new ReplicationSlotMismatchException(Name, $"the publication '{Publication}' does not publish inserts");
                        if (!reader.GetBoolean(1)) throw new ReplicationSlotMismatchException(Name, $"the publication '{Publication}' does not cover {Schema}.{Table}");
                        return;
                    }
                }
                try
                {
                    await using var create = _dataSource.CreateCommand($"create publication \"{Publication}\" for table {Schema}.{Table} with (publish = 'insert')");
                    await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                    return;
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateObject && attempt == 0)
                {
                    // Another instance created it at the same moment: check what it created.
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
                {
                    throw new ReplicationSetupException(Name, $"create the publication '{Publication}'", ex);
                }
            }
        }).ConfigureAwait(false);
    }

    private Task<bool> IsRecorded(CancellationToken ct) => Guard("read replication slot record", async () =>
    {
        await using var cmd = _dataSource.CreateCommand($"select exists (select 1 from {Schema}.cdc_slots where slot_name = $1)");
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
        return (bool)(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    });

    private async Task Create(CancellationToken ct)
    {
        try
        {
            await Guard("create replication slot", async () =>
            {
                await using var connection = new LogicalReplicationConnection(ConnectionString);
                await connection.Open(ct).ConfigureAwait(false);
                await connection.CreatePgOutputReplicationSlot(Name, temporarySlot: false, slotSnapshotInitMode: LogicalSlotSnapshotInitMode.NoExport, cancellationToken: ct).ConfigureAwait(false);
            }).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateObject)
        {
            // Created by another instance meanwhile: use it if it fits.
            await Check(ct).ConfigureAwait(false);
        }
        catch (PostgresException ex) when (ReplicationSetupException.IsSetupError(ex))
        {
            throw new ReplicationSetupException(Name, "create the replication slot", ex);
        }
    }

    private static string DefaultName(string owner) => NotAllowed().Replace(owner.ToLowerInvariant(), "_");

    private static string RequireName(string name, string what) => ValidName().IsMatch(name)
        ? name
        : throw new ArgumentException($"The {what} name '{name}' must be 1 to 63 lower-case letters, digits or underscores.", nameof(name));

    [GeneratedRegex("[^a-z0-9_]")]
    private static partial Regex NotAllowed();

    [GeneratedRegex("^[a-z0-9_]{1,63}$")]
    private static partial Regex ValidName();
}
