using System.Runtime.InteropServices;
using System.Text;
using EventFramework.Kafka.Native;

namespace EventFramework;

/// <summary>
/// A Kafka cluster inside this process: librdkafka's mock cluster, which speaks the real Kafka
/// protocol over TCP on 127.0.0.1 (idempotent and transactional producers, consumer groups,
/// read_committed). For tests and demos with nothing installed; data lives in memory and is gone
/// when the cluster is disposed. Brokers are numbered 1 to <see cref="BrokerCount"/>.
/// </summary>
/// <example>
/// <code>
/// using var cluster = InProcessKafkaCluster.Start();
/// cluster.CreateTopic("orders", partitions: 6);
/// var producer = new KafkaProducer(new KafkaProducerOptions { BootstrapServers = cluster.BootstrapServers });
/// </code>
/// </example>
public sealed class InProcessKafkaCluster : IDisposable
{
    private readonly Lock _lock = new();
    private IntPtr _client;
    private IntPtr _cluster;

    private InProcessKafkaCluster(IntPtr client, IntPtr cluster, int brokers)
    {
        _client = client;
        _cluster = cluster;
        BrokerCount = brokers;
        BootstrapServers = Marshal.PtrToStringUTF8(MockClusterApi.ClusterBootstraps(cluster))
            ?? throw new InProcessKafkaClusterException("the mock cluster reported no bootstrap servers");
    }

    /// <summary>The brokers' addresses, for <c>bootstrap.servers</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>How many brokers the cluster has.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers (3 by default, so replication factor 3 works).</summary>
    /// <exception cref="InProcessKafkaClusterException">librdkafka could not be loaded or refused to start the cluster.</exception>
    public static InProcessKafkaCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        try
        {
            Librdkafka.EnsureLoaded();
        }
        catch (Exception e) when (e is DllNotFoundException or FileNotFoundException or BadImageFormatException or InvalidOperationException)
        {
            throw new InProcessKafkaClusterException($"librdkafka could not be loaded: {e.Message}", e);
        }

        var error = new byte[512];
        var conf = MockClusterApi.ConfNew();
        // The handle only owns the cluster; it never connects anywhere, so keep it quiet.
        Set(conf, "log_level", "0", error);
        var client = MockClusterApi.New(MockClusterApi.ProducerType, conf, error, (UIntPtr)error.Length);
        if (client == IntPtr.Zero)
        {
            MockClusterApi.ConfDestroy(conf);
            throw new InProcessKafkaClusterException($"rd_kafka_new failed: {Text(error)}");
        }
        var cluster = MockClusterApi.ClusterNew(client, brokers);
        if (cluster == IntPtr.Zero)
        {
            MockClusterApi.Destroy(client);
            throw new InProcessKafkaClusterException("rd_kafka_mock_cluster_new failed");
        }
        return new InProcessKafkaCluster(client, cluster, brokers);
    }

    /// <summary>Creates <paramref name="topic"/> (replication factor at most <see cref="BrokerCount"/>).</summary>
    /// <exception cref="InProcessKafkaClusterException">The cluster refused (for instance the topic exists).</exception>
    public void CreateTopic(string topic, int partitions = 3, int? replicationFactor = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        var replicas = replicationFactor ?? Math.Min(3, BrokerCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1, nameof(replicationFactor));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicas, BrokerCount, nameof(replicationFactor));
        Check(MockClusterApi.TopicCreate(Handle(), topic, partitions, replicas), $"create topic '{topic}'");
    }

    /// <summary>Takes broker <paramref name="brokerId"/> down: it drops its connections and refuses new ones.</summary>
    public void SetBrokerDown(int brokerId) => Check(MockClusterApi.BrokerSetDown(Handle(), RequireBroker(brokerId)), $"take broker {brokerId} down");

    /// <summary>Brings broker <paramref name="brokerId"/> back up.</summary>
    public void SetBrokerUp(int brokerId) => Check(MockClusterApi.BrokerSetUp(Handle(), RequireBroker(brokerId)), $"bring broker {brokerId} up");

    /// <summary>Takes every broker down: the cluster is unreachable until <see cref="BringAllBrokersUp"/>.</summary>
    public void TakeAllBrokersDown()
    {
        for (var id = 1; id <= BrokerCount; id++) SetBrokerDown(id);
    }

    /// <summary>Brings every broker back up.</summary>
    public void BringAllBrokersUp()
    {
        for (var id = 1; id <= BrokerCount; id++) SetBrokerUp(id);
    }

    /// <summary>Stops the cluster; its data is gone.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_cluster == IntPtr.Zero) return;
            MockClusterApi.ClusterDestroy(_cluster);
            MockClusterApi.Destroy(_client);
            _cluster = IntPtr.Zero;
            _client = IntPtr.Zero;
        }
    }

    private IntPtr Handle()
    {
        var handle = _cluster;
        ObjectDisposedException.ThrowIf(handle == IntPtr.Zero, this);
        return handle;
    }

    private int RequireBroker(int brokerId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
        return brokerId;
    }

    private static void Set(IntPtr conf, string name, string value, byte[] error)
    {
        if (MockClusterApi.ConfSet(conf, name, value, error, (UIntPtr)error.Length) != 0)
            throw new InProcessKafkaClusterException($"librdkafka refused {name}={value}: {Text(error)}");
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
            throw new InProcessKafkaClusterException($"could not {what}: {Marshal.PtrToStringUTF8(MockClusterApi.ErrorString(error))}");
    }

    private static string Text(byte[] error) => Encoding.UTF8.GetString(error).TrimEnd('\0');
}
