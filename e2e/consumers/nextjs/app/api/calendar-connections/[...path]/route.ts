import { getCalendar } from "../../../../server/calendar";

async function handle(request: Request): Promise<Response> {
  const calendar = await getCalendar();
  return calendar.handler(request);
}

export { handle as DELETE, handle as GET, handle as PATCH, handle as POST };
