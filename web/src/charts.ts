/** Chart.js with only the parts the dashboard draws (tree-shaken by esbuild): bars and a doughnut. */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  DoughnutController,
  ArcElement,
  Legend,
  Tooltip,
);
Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
Chart.defaults.animation = false;

const COLOURS = ['#a4262c', '#d47500', '#0b5cad', '#1b7a3a', '#6b4fa0', '#5b6776'];

export class CountChart {
  private chart: Chart | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly kind: 'bar' | 'doughnut',
    private readonly seriesLabel: string,
  ) {}

  show(labels: string[], counts: number[]): void {
    const data = {
      labels,
      datasets: [
        {
          label: this.seriesLabel,
          data: counts,
          backgroundColor: this.kind === 'doughnut' ? COLOURS.slice(0, labels.length) : COLOURS[2],
        },
      ],
    };
    if (this.chart) {
      this.chart.data = data;
      this.chart.update();
      return;
    }
    this.chart = new Chart(this.canvas, {
      type: this.kind,
      data,
      options: {
        responsive: true,
        maintainAspectRatio: false,
        plugins: { legend: { display: this.kind === 'doughnut', position: 'right' } },
        ...(this.kind === 'bar' ? { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } } : {}),
      },
    });
  }
}
