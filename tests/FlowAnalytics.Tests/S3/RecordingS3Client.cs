using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Amazon.S3;

namespace FlowAnalytics.Tests.S3;

/// <summary>
/// A pass-through <see cref="IAmazonS3"/>: every call goes to a real client (and so to s3rver), and
/// its method name is recorded, so a test can see which requests were made (multipart parts, the
/// abort after a failure) while the behaviour stays the server's. Not a mock.
/// </summary>
public class RecordingS3Client : DispatchProxy
{
    private IAmazonS3 _inner = null!;

    public ConcurrentQueue<string> Calls { get; } = new();

    public static (IAmazonS3 Client, RecordingS3Client Recorder) Wrap(IAmazonS3 inner)
    {
        IAmazonS3 proxy = Create<IAmazonS3, RecordingS3Client>();
        var recorder = (RecordingS3Client)(object)proxy;
        recorder._inner = inner;
        return (proxy, recorder);
    }

    public int Count(string method) => Calls.Count(c => c == method);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        Calls.Enqueue(targetMethod.Name);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}
