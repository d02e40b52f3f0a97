using System.Runtime.InteropServices;

namespace EventFramework.Kafka.Native;

/// <summary>The few librdkafka C functions behind <see cref="InProcessKafkaCluster"/> (rdkafka.h, rdkafka_mock.h).</summary>
internal static partial class MockClusterApi
{
    public const int ProducerType = 0;

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_conf_new")]
    public static partial IntPtr ConfNew();

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_conf_destroy")]
    public static partial void ConfDestroy(IntPtr conf);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_new")]
    public static partial IntPtr New(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(IntPtr kafka);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial IntPtr ClusterNew(IntPtr kafka, int brokers);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void ClusterDestroy(IntPtr cluster);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial IntPtr ClusterBootstraps(IntPtr cluster);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int TopicCreate(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int BrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int BrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(Librdkafka.Name, EntryPoint = "rd_kafka_err2str")]
    public static partial IntPtr ErrorString(int error);
}
