/** Saves text the page made (a CSV, a scenario file) as a file the browser downloads, byte for byte as UTF-8. */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The browser reads the blob after click() returns, later on a busy machine: revoke only well after.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
