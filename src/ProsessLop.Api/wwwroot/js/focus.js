// After a form is posted the page loads anew and focus would start at the top (WCAG 2.4.3,
// 4.1.3): move it to what the post produced, the confirmation (or a secret shown once), or
// else the first field the server refused. A file, not inline: the CSP allows scripts from 'self' only.
(() => {
  const target = document.querySelector('[data-focus]') ?? document.querySelector('main [aria-invalid="true"]');
  target?.focus();
})();
