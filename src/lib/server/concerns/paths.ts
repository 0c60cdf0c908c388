/** The URLs of the concerns area (public ones are stable: they are in mails and in Open311 answers). */
export const concernPaths = {
  list: '/anliegen',
  report: '/anliegen/neu',
  public: (id: number): string => `/anliegen/${id}`,
  feed: (quartierSlug?: string): string => `/anliegen/feed.atom${quartierSlug ? `?quartier=${encodeURIComponent(quartierSlug)}` : ''}`,
  confirm: (token: string): string => `/anliegen/bestaetigen/${token}`,
  reply: (token: string): string => `/anliegen/antwort/${token}`,
  feedback: (token: string): string => `/anliegen/rueckmeldung/${token}`,
  photo: (fileName: string, replyToken?: string): string => `/anliegen/foto/${fileName}${replyToken ? `?antwort=${replyToken}` : ''}`,
  staffList: '/verwaltung/anliegen',
  staff: (id: number): string => `/verwaltung/anliegen/${id}`,
} as const;
