/** QR codes for the printout, made on the server as inline SVG (no image service, no request to anyone). */
import QRCode from 'qrcode';

export async function qrSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
}
