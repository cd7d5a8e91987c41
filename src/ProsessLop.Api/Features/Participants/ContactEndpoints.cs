using ProsessLop.Api.Infrastructure.Auth;

namespace ProsessLop.Api.Features.Participants;

public static partial class ContactEndpoints
{
    public static IEndpointRouteBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var participant = app.MapGroup("/api/participants/{participantId}/contacts").WithTags("Contacts").RequireAuthorization(Policies.Reader);
        participant.MapGet("/", ListContacts).WithName(nameof(ListContacts));
        participant.MapPost("/", AddContact).WithName(nameof(AddContact));

        var contacts = app.MapGroup("/api/contacts").WithTags("Contacts").RequireAuthorization(Policies.Reader);
        contacts.MapPut("/{contactId:guid}", UpdateContact).WithName(nameof(UpdateContact));
        contacts.MapGet("/{contactId:guid}/export", ExportContact).WithName(nameof(ExportContact)).RequireAuthorization(Policies.Owner);
        contacts.MapDelete("/{contactId:guid}", EraseContact).WithName(nameof(EraseContact)).RequireAuthorization(Policies.Owner);
        return app;
    }
}
