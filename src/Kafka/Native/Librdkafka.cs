using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace EventFramework.Kafka.Native;

/// <summary>
/// Loads librdkafka once for Confluent.Kafka and for our own P/Invoke calls (the mock cluster), from
/// the same file. On Debian 12 the package's default <c>librdkafka.so</c> needs <c>libsasl2.so.3</c>,
/// which is absent, so when it does not load we fall back to its <c>centos8-librdkafka.so</c> variant.
/// <c>EVENTFRAMEWORK_LIBRDKAFKA</c> names a library file to use instead. Confluent.Kafka's loader
/// imports <c>libdl</c>, which glibc 2.34+ ships only as <c>libdl.so.2</c>: we resolve that name for it.
/// </summary>
internal static class Librdkafka
{
    public const string Name = "librdkafka";
    public const string PathVariable = "EVENTFRAMEWORK_LIBRDKAFKA";

    private static string? _chosen;

    private static readonly Lazy<string?> Loaded = new(LoadOnce, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The library file in use (null when Confluent.Kafka's own resolution is used); loads it on first call.</summary>
    public static string? EnsureLoaded() => Loaded.Value;

    private static string? LoadOnce()
    {
        var path = Choose();
        NativeLibrary.SetDllImportResolver(typeof(Librdkafka).Assembly, Resolve);
        if (path is null) return null;
        Volatile.Write(ref _chosen, path);
        try
        {
            NativeLibrary.SetDllImportResolver(typeof(Library).Assembly, ResolveForConfluent);
        }
        catch (InvalidOperationException)
        {
            // The application set its own resolver for Confluent.Kafka: it knows best.
        }
        Library.Load(path);
        return path;
    }

    private static IntPtr ResolveForConfluent(string name, Assembly assembly, DllImportSearchPath? searchPath) => name switch
    {
        "libdl" when NativeLibrary.TryLoad("libdl.so.2", out var libdl) => libdl,
        // Confluent.Kafka probes librdkafka, centos8-librdkafka, alpine-librdkafka...: all are our file.
        _ when name.EndsWith(Name, StringComparison.Ordinal) && Volatile.Read(ref _chosen) is { } path => NativeLibrary.Load(path),
        _ => IntPtr.Zero,
    };

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Name) return IntPtr.Zero;
        return Volatile.Read(ref _chosen) is { } path ? NativeLibrary.Load(path) : NativeLibrary.Load(name, assembly, searchPath);
    }

    private static string? Choose()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? configured : throw new FileNotFoundException($"{PathVariable} names a file that does not exist", configured);
        }
        if (!OperatingSystem.IsLinux()) return null;

        var rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (var directory in Candidates(rid))
        {
            foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
            {
                var candidate = Path.Combine(directory, file);
                if (File.Exists(candidate) && NativeLibrary.TryLoad(candidate, out var handle))
                {
                    NativeLibrary.Free(handle);
                    return candidate;
                }
            }
        }
        return null;
    }

    private static IEnumerable<string> Candidates(string rid)
    {
        yield return Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native");
        var confluent = Path.GetDirectoryName(typeof(Library).Assembly.Location);
        if (!string.IsNullOrEmpty(confluent)) yield return Path.Combine(confluent, "runtimes", rid, "native");
        yield return AppContext.BaseDirectory;
    }
}
