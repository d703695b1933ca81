using System.Net;
using System.Threading.Channels;

namespace Facet.Testing;

/// <summary>
/// A tiny OTLP/HTTP receiver on 127.0.0.1: accepts every POST with 200 and hands the requests to the test, so a test
/// can check that an exporter sent a metrics export request (path, content type, body).
/// </summary>
public sealed class OtlpTestReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<OtlpRequest> _requests = Channel.CreateUnbounded<OtlpRequest>();
    private readonly Task _loop;

    public OtlpTestReceiver()
    {
        var port = PrometheusScrape.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(Endpoint + "/");
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary>The base URL for OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
    public string Endpoint { get; }

    public async Task<OtlpRequest> NextAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        return await _requests.Reader.ReadAsync(cancel.Token);
    }

    private async Task AcceptAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _requests.Writer.TryWrite(new OtlpRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public void Dispose()
    {
        _listener.Close();
        _requests.Writer.TryComplete();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
