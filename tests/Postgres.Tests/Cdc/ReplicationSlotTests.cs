namespace EventFramework.Postgres.Tests.Cdc;

/// <summary>Run alone: one test ages slots out through a server setting, and slot creation waits for open transactions.</summary>
[Collection(ReadAllFenceCollection.Name)]
public sealed class ReplicationSlotTests
{
    [Fact]
    public async Task a_dropped_slot_stops_the_relay_with_a_typed_error_and_is_not_recreated()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        var relay = db.Relay(producer);
        await relay.EnsureSlot();
        await db.Enqueue(1, 3);
        var (_, run) = db.Start(relay);
        await CdcDatabase.Until(() => producer.Acknowledged.Count == 3, "the first messages");

        await db.DropSlotExternally();

        var lost = await Assert.ThrowsAsync<ReplicationSlotLostException>(() => run.WaitAsync(CdcDatabase.Timeout));
        Assert.False(lost.Invalidated);
        Assert.Equal(db.Slot, lost.Slot);
        var again = await Assert.ThrowsAsync<ReplicationSlotLostException>(() => db.Relay(producer).Run(CancellationToken.None).WaitAsync(CdcDatabase.Timeout));
        Assert.False(again.Invalidated);
        Assert.False(await db.SlotExists());
    }

    [Fact]
    public async Task an_invalidated_slot_is_refused()
    {
        await using var db = await CdcDatabase.Create();
        var relay = db.Relay(new RecordingProducer());
        await relay.EnsureSlot();

        try
        {
            // Let the checkpointer remove WAL the slot still needs: PostgreSQL invalidates it (wal_status 'lost').
            await db.Execute("alter system set max_slot_wal_keep_size = '1MB'");
            await db.Execute("select pg_reload_conf()");
            await CdcDatabase.Until(async () =>
            {
                await db.Execute("create temporary table if not exists wal_filler (x int); insert into wal_filler values (1)");
                await db.Execute("select pg_switch_wal()");
                await db.Execute("checkpoint");
                return await db.Scalar<string>("select coalesce(wal_status, '') from pg_replication_slots where slot_name = $1", db.Slot) == "lost";
            }, "the slot invalidated");
        }
        finally
        {
            await db.Execute("alter system reset max_slot_wal_keep_size");
            await db.Execute("select pg_reload_conf()");
        }

        var lost = await Assert.ThrowsAsync<ReplicationSlotLostException>(() => relay.Run(CancellationToken.None).WaitAsync(CdcDatabase.Timeout));
        Assert.True(lost.Invalidated);
        await Assert.ThrowsAsync<ReplicationSlotLostException>(() => relay.MeasureLag());
    }

    [Fact]
    public async Task a_slot_with_another_output_plugin_is_refused()
    {
        await using var db = await CdcDatabase.Create();
        await db.Execute($"select pg_create_logical_replication_slot('{db.Slot}', 'test_decoding')");
        var relay = db.Relay(new RecordingProducer());

        var refused = await Assert.ThrowsAsync<ReplicationSlotMismatchException>(() => relay.EnsureSlot());
        Assert.Contains("test_decoding", refused.Problem, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ReplicationSlotMismatchException>(() => relay.Run(CancellationToken.None).WaitAsync(CdcDatabase.Timeout));
    }

    [Fact]
    public async Task a_publication_that_does_not_cover_the_outbox_is_refused()
    {
        await using var db = await CdcDatabase.Create();
        await db.Execute($"create publication \"{db.Slot}\" for table {db.Schema.Name}.events");
        var relay = db.Relay(new RecordingProducer());

        var refused = await Assert.ThrowsAsync<ReplicationSlotMismatchException>(() => relay.EnsureSlot());
        Assert.Contains("does not cover", refused.Problem, StringComparison.Ordinal);
        Assert.False(await db.SlotExists());
    }

    [Fact]
    public async Task drop_slot_refuses_a_running_relay_then_removes_slot_publication_and_record()
    {
        await using var db = await CdcDatabase.Create();
        var producer = new RecordingProducer();
        var relay = db.Relay(producer);
        await relay.EnsureSlot();
        var (stop, run) = db.Start(relay);
        await CdcDatabase.Until(async () => await db.Scalar<bool>("select active from pg_replication_slots where slot_name = $1", db.Slot), "the slot in use");

        await Assert.ThrowsAsync<InvalidOperationException>(() => relay.DropSlot());
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(CdcDatabase.Timeout));
        await CdcDatabase.Until(async () => !await db.Scalar<bool>("select active from pg_replication_slots where slot_name = $1", db.Slot), "the slot released");
        await relay.DropSlot();

        Assert.False(await db.SlotExists());
        Assert.False(await db.Scalar<bool>("select exists (select 1 from pg_publication where pubname = $1)", db.Slot));
        Assert.Equal(0L, await db.Scalar<long>($"select count(*) from {db.Schema.Name}.cdc_slots"));
        // Dropped on purpose, a new start begins afresh rather than failing as lost.
        await relay.EnsureSlot();
        Assert.True(await db.SlotExists());
    }

    [Fact]
    public async Task a_role_without_replication_or_ownership_gets_a_typed_setup_error()
    {
        await using var db = await CdcDatabase.Create();
        var role = $"cdc_role_{Guid.NewGuid():N}"[..17];
        await db.Execute($"create role {role} login password 'cdc' nosuperuser noreplication");
        try
        {
            await db.Execute($"grant all on schema {db.Schema.Name} to {role}; grant all on all tables in schema {db.Schema.Name} to {role}");
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(db.Schema.ConnectionString) { Username = role, Password = "cdc", Pooling = false }.ConnectionString;
            await using var relay = new PostgresCdcRelay("setup", connection, new RecordingProducer(), db.Options);

            var publication = await Assert.ThrowsAsync<ReplicationSetupException>(() => relay.EnsureSlot());
            Assert.Contains("publication", publication.Operation, StringComparison.Ordinal);

            await db.Execute($"create publication \"{db.Slot}\" for table {db.Schema.Name}.outbox with (publish = 'insert')");
            var slot = await Assert.ThrowsAsync<ReplicationSetupException>(() => relay.Run(CancellationToken.None).WaitAsync(CdcDatabase.Timeout));
            Assert.Equal(Npgsql.PostgresErrorCodes.InsufficientPrivilege, Assert.IsType<Npgsql.PostgresException>(slot.InnerException).SqlState);
            Assert.False(await db.SlotExists());
        }
        finally
        {
            await db.Execute($"drop owned by {role}; drop role {role}");
        }
    }

    [Fact]
    public async Task invalid_slot_names_are_refused_up_front()
    {
        await using var db = await CdcDatabase.Create();
        Assert.Throws<ArgumentException>(() => new PostgresCdcRelay("r", db.Schema.ConnectionString, new RecordingProducer(), db.Options with { Slot = "Bad-Name" }));
        Assert.Throws<ArgumentException>(() => new PostgresCdcRelay("r", db.Schema.ConnectionString, new RecordingProducer(), db.Options with { Publication = new string('p', 64) }));
        Assert.Throws<ArgumentException>(() => new PostgresWalSource("w", db.Schema.ConnectionString, db.Options with { Schema = "no;drop" }));
    }
}
