import { lazy, type ReactNode, Suspense } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router";
import { Loading } from "../components/Loading.tsx";
import { SignInPage } from "../features/auth/SignInPage.tsx";
import { Layout } from "./Layout.tsx";
import { NotFoundPage } from "./NotFoundPage.tsx";
import { OrgProvider } from "./org.tsx";
import { useSession } from "./session.tsx";

// Each feature is its own chunk: the sign-in page loads without the charts library.
const page = <T extends Record<string, unknown>>(load: () => Promise<T>, name: keyof T) =>
  lazy(async () => ({ default: (await load())[name] as React.ComponentType }));

const DashboardPage = page(() => import("../features/dashboard/DashboardPage.tsx"), "DashboardPage");
const AssetsPage = page(() => import("../features/assets/AssetsPage.tsx"), "AssetsPage");
const AssetDetailPage = page(() => import("../features/assets/AssetDetailPage.tsx"), "AssetDetailPage");
const AlertsPage = page(() => import("../features/alerts/AlertsPage.tsx"), "AlertsPage");
const AlertDetailPage = page(() => import("../features/alerts/AlertDetailPage.tsx"), "AlertDetailPage");
const InboxPage = page(() => import("../features/inbox/InboxPage.tsx"), "InboxPage");
const SettingsPage = page(() => import("../features/settings/SettingsPage.tsx"), "SettingsPage");
const SectorsPage = page(() => import("../features/coordinator/SectorsPage.tsx"), "SectorsPage");
const AdvisoriesPage = page(() => import("../features/coordinator/AdvisoriesPage.tsx"), "AdvisoriesPage");
const AdvisoryPage = page(() => import("../features/coordinator/AdvisoryPage.tsx"), "AdvisoryPage");
const AdminPage = page(() => import("../features/admin/AdminPage.tsx"), "AdminPage");

function RequireSession({ children }: { readonly children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "loading") return <Loading label="your session" />;
  if (session.status === "signed-out") return <Navigate to="/sign-in" replace state={{ from: location.pathname }} />;
  return (
    <OrgProvider>
      <Layout>
        <Suspense fallback={<Loading label="the page" />}>{children}</Suspense>
      </Layout>
    </OrgProvider>
  );
}

/** The console's routes; every page but sign-in needs a session. */
export function App() {
  const signedIn = (element: ReactNode) => <RequireSession>{element}</RequireSession>;
  return (
    <Routes>
      <Route path="/sign-in" element={<SignInPage />} />
      <Route path="/" element={signedIn(<DashboardPage />)} />
      <Route path="/assets" element={signedIn(<AssetsPage />)} />
      <Route path="/assets/:id" element={signedIn(<AssetDetailPage />)} />
      <Route path="/alerts" element={signedIn(<AlertsPage />)} />
      <Route path="/alerts/:id" element={signedIn(<AlertDetailPage />)} />
      <Route path="/inbox" element={signedIn(<InboxPage />)} />
      <Route path="/settings" element={signedIn(<SettingsPage />)} />
      <Route path="/sectors" element={signedIn(<SectorsPage />)} />
      <Route path="/advisories" element={signedIn(<AdvisoriesPage />)} />
      <Route path="/advisories/:id" element={signedIn(<AdvisoryPage />)} />
      <Route path="/admin" element={signedIn(<AdminPage />)} />
      <Route path="*" element={signedIn(<NotFoundPage />)} />
    </Routes>
  );
}
