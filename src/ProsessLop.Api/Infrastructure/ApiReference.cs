using Scalar.AspNetCore;

namespace ProsessLop.Api.Infrastructure;

/// The API reference (Scalar) at /scalar, fully offline: its bundle is served by the host, its
/// default fonts (a CDN) are off, and its page says what language it is in.
public static class ApiReference
{
    public const string Path = "/scalar";

    public static void MapApiReference(this WebApplication app)
    {
        // Scalar's page template writes a bare <html>; its interface is English (WCAG 3.1.1).
        // Only the page, not its 5 MB bundle (files have a dot in their name).
        app.UseWhen(http => http.Request.Path.StartsWithSegments(Path, out var rest) && rest.Value?.Contains('.', StringComparison.Ordinal) != true, branch => branch.Use(async (http, next) =>
        {
            var original = http.Response.Body;
            await using var buffer = new MemoryStream();
            http.Response.Body = buffer;
            try
            {
                await next(http);
            }
            finally
            {
                http.Response.Body = original;
            }

            buffer.Position = 0;
            if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
            {
                var html = await new StreamReader(buffer).ReadToEndAsync(http.RequestAborted);
                var bytes = System.Text.Encoding.UTF8.GetBytes(html.Replace("<html>", "<html lang=\"en\">", StringComparison.Ordinal));
                http.Response.ContentLength = bytes.Length;
                await original.WriteAsync(bytes, http.RequestAborted);
            }
            else
            {
                await buffer.CopyToAsync(original, http.RequestAborted);
            }
        }));
        app.MapScalarApiReference(Path, o => o.WithTitle("ProsessLøp API").WithNonce().DisableDefaultFonts()).AllowAnonymous();
    }
}
